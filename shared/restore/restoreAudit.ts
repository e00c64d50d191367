// The one audit entry per assignment restore execution. Its id is a hash of action + runId, so recording it
// again (retry, restart, repeated execute) is a conflict, never a second entry.
import { createHash } from "node:crypto";

import type { AuditEntry } from "../domain/auditEntry.js";
import type { RunOutcome, SummaryCounts } from "../domain/operationRun.js";

export const restoreAuditAction = "restore.assignments.executed";

export function auditEntryId(action: string, runId: string): string {
  return `audit_${createHash("sha256").update(`${action}\u001f${runId}`).digest("hex")}`;
}

export interface RestoreAuditInput {
  workspaceId: string;
  targetTenantId: string;
  restoreRunId: string;
  backupSetId: string;
  /** The `assignments.restore` run. */
  runId: string;
  actor: AuditEntry["actor"];
  outcome: Exclude<RunOutcome, "pending">;
  /** Restore counts (see restoreCounts). */
  counts: Readonly<SummaryCounts>;
  dryRun: boolean;
  timestamp: string;
}

export function restoreAuditEntry(input: RestoreAuditInput): AuditEntry {
  return {
    id: auditEntryId(restoreAuditAction, input.runId),
    docType: "audit",
    workspaceId: input.workspaceId,
    tenantId: input.targetTenantId,
    actor: input.actor,
    action: restoreAuditAction,
    target: { type: "restoreRun", id: input.restoreRunId },
    outcome: input.outcome,
    runId: input.runId,
    details: {
      backupSetId: input.backupSetId,
      targetTenantId: input.targetTenantId,
      dryRun: input.dryRun,
      counts: { ...input.counts },
    },
    timestamp: input.timestamp,
  };
}
