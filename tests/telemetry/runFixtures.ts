// OperationRun documents for telemetry tests: one backup run through queued → running → completed.
import type { OperationRun } from "../../shared/domain/operationRun.js";

export function queuedRun(overrides: Partial<OperationRun> = {}): OperationRun {
  return {
    id: "run-7f3c2a",
    docType: "run",
    workspaceId: "ws-contoso-msp",
    tenantId: "3f1c8a52-5d0e-4b7a-9c1e-2a6b9d4e7f10",
    userId: "user-42",
    initiatorName: "Alice Operator",
    type: "backup_set.create",
    status: "queued",
    outcome: "pending",
    runIdentityHash: "a".repeat(64),
    summaryCounts: {},
    failureSummary: [],
    context: { backupSetId: "bs-1" },
    createdAt: "2026-11-25T10:00:00.000Z",
    updatedAt: "2026-11-25T10:00:00.000Z",
    startedAt: null,
    completedAt: null,
    ...overrides,
  };
}

export function runningRun(overrides: Partial<OperationRun> = {}): OperationRun {
  return queuedRun({
    status: "running",
    startedAt: "2026-11-25T10:00:04.000Z",
    updatedAt: "2026-11-25T10:00:04.000Z",
    ...overrides,
  });
}

export function completedRun(overrides: Partial<OperationRun> = {}): OperationRun {
  return runningRun({
    status: "completed",
    outcome: "partially_succeeded",
    summaryCounts: { total: 10, succeeded: 8, failed: 2 },
    failureSummary: [
      { code: "assignments.fetch.item", reasonCode: "graph_throttled", message: "throttled", itemId: "p-1" },
      { code: "assignments.fetch.item", reasonCode: "graph_forbidden", message: "forbidden", itemId: "p-2" },
    ],
    completedAt: "2026-11-25T10:01:34.000Z",
    updatedAt: "2026-11-25T10:01:34.000Z",
    ...overrides,
  });
}
