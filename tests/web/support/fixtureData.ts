// In-memory data of the stand-in API: the demo workspace, a foreign workspace, runs of every type and
// outcome (one partially succeeded run with 10,000 items and 2,000 failures), backups, audit entries.
import { createHash } from "node:crypto";

import { demoTenants, demoUsers, demoWorkspace } from "../../../local/seed/demoData.js";
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import type { BackupItem, BackupSet } from "../../../shared/backup/backupDocuments.js";
import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import type { Role } from "../../../shared/domain/directory.js";
import type { FailureEntry, OperationRun, RunOutcome } from "../../../shared/domain/operationRun.js";
import type { OperationType } from "../../../shared/domain/operationTypes.js";
import type { ReasonCode } from "../../../shared/domain/reasonCodes.js";
import type { RestoreRun } from "../../../shared/restore/restoreRun.js";

export interface FixtureTenant {
  id: string;
  workspaceId: string;
  externalId: string;
  displayName: string;
}
/** The stored documents, exactly as shared/backup and shared/restore define them. */
export type FixtureBackupSet = BackupSet;
export type FixtureBackupItem = BackupItem;
export type FixtureRestoreRun = RestoreRun;
/** Same shape as shared/domain/notification.ts (minus docType). */
export interface FixtureNotification {
  id: string;
  workspaceId: string;
  recipientUserId: string;
  runId: string;
  tenantId: string | null;
  runType: OperationType;
  event: "queued" | "completed";
  statusBucket: "queued" | "running" | "succeeded" | "partial" | "failed";
  summaryCounts: Record<string, number>;
  errorSummary: string | null;
  link: string;
  createdAt: string;
  readAt: string | null;
}
export interface FixtureMember {
  workspaceId: string;
  userId: string;
  displayName: string;
  role: Role;
}

export interface FixtureData {
  workspaces: { id: string; name: string }[];
  members: FixtureMember[];
  tenants: FixtureTenant[];
  runs: OperationRun[];
  backupSets: FixtureBackupSet[];
  backupItems: FixtureBackupItem[];
  restoreRuns: FixtureRestoreRun[];
  audit: AuditEntry[];
  notifications: FixtureNotification[];
}

export const foreignWorkspace = { id: "ws-other", name: "Other MSP" } as const;
export const foreignRunId = "run-foreign-0001";
export const partialRunId = "run-partial-10k";

export function identityHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("|")).digest("hex");
}

const policyTypes = ["deviceConfiguration", "compliancePolicy", "settingsCatalog", "app"] as const;
const groups = ["All Users", "All Devices", "Finance", "Sales", "Pilot ring", "Kiosk devices"];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function makeRun(
  fields: Partial<OperationRun> & Pick<OperationRun, "id" | "workspaceId" | "type" | "createdAt">,
): OperationRun {
  return {
    docType: "run",
    tenantId: null,
    userId: null,
    initiatorName: "System",
    status: "queued",
    outcome: "pending",
    runIdentityHash: identityHash(fields.id),
    summaryCounts: {},
    failureSummary: [],
    context: {},
    updatedAt: fields.createdAt,
    startedAt: null,
    completedAt: null,
    ...fields,
  };
}

/** Directory object id of a group or filter name; the same name has another id in each tenant. */
export function objectId(kind: "grp" | "flt", name: string, tenantId: string): string {
  return `${kind}-${tenantId.replace("tenant-", "")}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}
export const fixtureGroups = groups;
export const fixtureFilter = "Windows 11 only";

function backupItems(
  backupSetId: string,
  count: number,
  tenantId: string,
  workspaceId: string,
  at: string,
): FixtureBackupItem[] {
  return Array.from({ length: count }, (_, i) => {
    const policyType = policyTypes[i % policyTypes.length] ?? "deviceConfiguration";
    const n = 1 + (i % 3);
    const names = Array.from({ length: n }, (_, j) => groups[(i + j) % groups.length] ?? "All Users");
    const assignments: PolicyAssignment[] = names.map((name, j) => ({
      target: {
        "@odata.type":
          j === 2
            ? "#microsoft.graph.exclusionGroupAssignmentTarget"
            : "#microsoft.graph.groupAssignmentTarget",
        groupId: objectId("grp", name, tenantId),
        ...(j === 1
          ? {
              deviceAndAppManagementAssignmentFilterId: objectId("flt", fixtureFilter, tenantId),
              deviceAndAppManagementAssignmentFilterType: "include" as const,
            }
          : {}),
      },
    }));
    const id = `${backupSetId}-item-${String(i + 1).padStart(3, "0")}`;
    return {
      id,
      docType: "backupItem",
      workspaceId,
      tenantId,
      backupSetId,
      policyType,
      policyId: `pol-${String(i + 1).padStart(4, "0")}`,
      displayName: `${policyType === "app" ? "App" : "Policy"} ${String(i + 1).padStart(2, "0")} · ${["Baseline", "BitLocker", "Wi-Fi", "Edge", "Defender", "Updates"][i % 6] ?? ""}`,
      payload: null,
      payloadChunks: 0,
      payloadBytes: 512,
      payloadSha256: createHash("sha256").update(id).digest("hex"),
      assignmentsStatus: "fetched",
      assignments,
      references: {
        groups: [...new Set(names)]
          .sort()
          .map((name) => ({ id: objectId("grp", name, tenantId), displayName: name })),
        filters: n > 1 ? [{ id: objectId("flt", fixtureFilter, tenantId), displayName: fixtureFilter }] : [],
      },
      failure: null,
      createdAt: at,
      updatedAt: at,
    };
  });
}

/** The summary counts of a completed backup set of `n` items. */
export function setCounts(n: number): BackupSet["summaryCounts"] {
  return { total: n, processed: n, succeeded: n, failed: 0, skipped: 0, assignments: n * 2 };
}

/** Builds the seed relative to `now` so charts have recent days. */
export function createFixtureData(now: number): FixtureData {
  const ws = demoWorkspace.id;
  const tenants: FixtureTenant[] = [
    ...demoTenants.map((t) => ({ ...t, workspaceId: ws })),
    {
      id: "tenant-northwind",
      workspaceId: foreignWorkspace.id,
      externalId: "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f",
      displayName: "Northwind",
    },
  ];
  const members: FixtureMember[] = [
    ...demoUsers.map((u) => ({
      workspaceId: ws,
      userId: u.userId,
      displayName: u.displayName,
      role: u.role,
    })),
    {
      workspaceId: foreignWorkspace.id,
      userId: "user-foreign-owner",
      displayName: "Fiona Foreign",
      role: "owner",
    },
  ];
  const runs: OperationRun[] = [];
  const backupSets: FixtureBackupSet[] = [];
  const items: FixtureBackupItem[] = [];
  const audit: AuditEntry[] = [];
  const hour = 3_600_000;

  // A finished backup per tenant, so the restore wizard has something to pick.
  demoTenants.forEach((t, i) => {
    const created = now - (30 + i) * hour;
    const runId = `run-backup-${t.id}`;
    const setId = `bs-${t.id}-1`;
    runs.push(
      makeRun({
        id: runId,
        workspaceId: ws,
        tenantId: t.id,
        userId: "user-operator",
        initiatorName: "Oscar Operator",
        type: "backup_set.create",
        status: "completed",
        outcome: "succeeded",
        summaryCounts: { total: 12, processed: 12, succeeded: 12, failed: 0 },
        context: { backupSetId: setId },
        createdAt: iso(created),
        startedAt: iso(created + 2_000),
        completedAt: iso(created + 95_000),
        updatedAt: iso(created + 95_000),
      }),
    );
    backupSets.push({
      id: setId,
      docType: "backupSet",
      workspaceId: ws,
      tenantId: t.id,
      runId,
      assignmentsRunId: null,
      selection: {},
      status: "completed",
      summaryCounts: setCounts(12),
      createdAt: iso(created),
      completedAt: iso(created + 95_000),
    });
    items.push(...backupItems(setId, 12, t.id, ws, iso(created + 95_000)));
  });

  // Two weeks of history across types and outcomes (deterministic).
  const types: OperationType[] = [
    "backup_set.create",
    "assignments.fetch",
    "restore.execute",
    "assignments.restore",
    "backup_schedule.scheduled",
    "provider_connection.verify",
    "ops.reconcile_adapter_runs",
  ];
  const outcomes: RunOutcome[] = [
    "succeeded",
    "succeeded",
    "succeeded",
    "partially_succeeded",
    "succeeded",
    "failed",
    "succeeded",
    "blocked",
    "succeeded",
    "cancelled",
  ];
  const reasons: ReasonCode[] = ["graph_throttled", "graph_forbidden", "group_unmapped", "graph_unavailable"];
  for (let i = 0; i < 56; i += 1) {
    const type = types[i % types.length] ?? "backup_set.create";
    const outcome = outcomes[i % outcomes.length] ?? "succeeded";
    const tenant = demoTenants[i % demoTenants.length] ?? demoTenants[0];
    const created = now - (2 + i * 5.7) * hour;
    const duration = (20 + ((i * 37) % 300)) * 1000;
    const total = 10 + ((i * 13) % 90);
    const failed = outcome === "succeeded" ? 0 : outcome === "partially_succeeded" ? 3 + (i % 5) : total;
    const reason = reasons[i % reasons.length] ?? "unknown";
    const failures: FailureEntry[] =
      outcome === "succeeded" || outcome === "cancelled"
        ? []
        : Array.from({ length: Math.min(failed, 5) }, (_, k) => ({
            code: `${type}.item`,
            reasonCode: outcome === "blocked" ? "provider_permission_denied" : reason,
            message:
              outcome === "blocked"
                ? "Permission DeviceManagementConfiguration.Read.All is not granted"
                : `Graph answered ${reason === "graph_throttled" ? "429" : "an error"} for this item`,
            itemId: `pol-${String(k + 1).padStart(4, "0")}`,
          }));
    const isSystem = type === "ops.reconcile_adapter_runs" || type === "backup_schedule.scheduled";
    runs.push(
      makeRun({
        id: `run-hist-${String(i).padStart(3, "0")}`,
        workspaceId: ws,
        tenantId: type === "ops.reconcile_adapter_runs" ? null : tenant.id,
        userId: isSystem ? null : i % 2 === 0 ? "user-operator" : "user-owner",
        initiatorName: isSystem ? "Scheduler" : i % 2 === 0 ? "Oscar Operator" : "Olivia Owner",
        type,
        status: "completed",
        outcome,
        summaryCounts: { total, processed: total, succeeded: total - failed, failed },
        failureSummary: failures,
        context: outcome === "cancelled" ? { reason: "Cancelled by operator" } : {},
        createdAt: iso(created),
        startedAt: iso(created + 1_500),
        completedAt: iso(created + duration),
        updatedAt: iso(created + duration),
      }),
    );
  }

  // The big partially succeeded run: 10,000 items, 2,000 failures in three reason codes.
  const bigCreated = now - 1.5 * hour;
  const bigFailures: FailureEntry[] = Array.from({ length: 2_000 }, (_, k) => {
    const reasonCode: ReasonCode =
      k < 1_200 ? "graph_throttled" : k < 1_700 ? "graph_not_found" : "group_unmapped";
    const message =
      reasonCode === "graph_throttled"
        ? "Graph throttled the request (429) and the retry budget ran out"
        : reasonCode === "graph_not_found"
          ? "The policy no longer exists in the tenant"
          : "Group has no mapping in the target tenant";
    return {
      code: "assignments.fetch.item",
      reasonCode,
      message,
      itemId: `pol-${String(k + 1).padStart(5, "0")}`,
    };
  });
  runs.push(
    makeRun({
      id: partialRunId,
      workspaceId: ws,
      tenantId: "tenant-contoso",
      userId: "user-operator",
      initiatorName: "Oscar Operator",
      type: "assignments.fetch",
      status: "completed",
      outcome: "partially_succeeded",
      summaryCounts: { total: 10_000, processed: 10_000, succeeded: 8_000, failed: 2_000 },
      failureSummary: bigFailures,
      context: { backupSetId: "bs-tenant-contoso-1", selection: { policyTypes: ["all"] } },
      createdAt: iso(bigCreated),
      startedAt: iso(bigCreated + 3_000),
      completedAt: iso(bigCreated + 14 * 60_000),
      updatedAt: iso(bigCreated + 14 * 60_000),
    }),
  );

  // A run of another workspace: everybody in ws-demo must see "not found" for it.
  runs.push(
    makeRun({
      id: foreignRunId,
      workspaceId: foreignWorkspace.id,
      tenantId: "tenant-northwind",
      userId: "user-foreign-owner",
      initiatorName: "Fiona Foreign",
      type: "backup_set.create",
      status: "completed",
      outcome: "succeeded",
      createdAt: iso(now - 5 * hour),
      startedAt: iso(now - 5 * hour),
      completedAt: iso(now - 4 * hour),
    }),
  );

  for (const run of runs.filter((r) => r.workspaceId === ws).slice(0, 30)) {
    audit.push({
      id: `audit-${run.id}`,
      docType: "audit",
      workspaceId: ws,
      tenantId: run.tenantId,
      actor: { userId: run.userId, name: run.initiatorName, kind: run.userId ? "user" : "system" },
      action: `${run.type.replace(/[^a-z_.]/g, "_")}.started`.replace(/\.+/g, "."),
      target: { type: "run", id: run.id },
      outcome: "info",
      runId: run.id,
      details: { type: run.type },
      timestamp: run.createdAt,
    });
  }

  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    workspaces: [{ id: ws, name: demoWorkspace.name }, { ...foreignWorkspace }],
    members,
    tenants,
    runs,
    backupSets,
    backupItems: items,
    restoreRuns: [],
    audit,
    notifications: [],
  };
}

export { backupItems };
