// One audit entry per repair, with a deterministic id (action + repaired run id + repair kind): a repeated
// record of the same repair (a retried pass) answers `recorded: false` instead of writing twice.
import type { AuditEntry } from "../domain/auditEntry.js";
import { deterministicAuditId } from "../domain/auditIds.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { RepairKind } from "./repairDecisions.js";

export const reconcileAuditAction = "ops.run.reconciled";

export interface RepairFacts {
  workspaceId: string;
  tenantId: string | null;
  /** The run the repair is about (for a lock: the run the lock named). */
  repairedRunId: string;
  kind: RepairKind;
  target: { type: "run" | "lock"; id: string };
  details: Record<string, string | number | null>;
}

export function reconcileAuditId(repairedRunId: string, kind: RepairKind): string {
  return deterministicAuditId(reconcileAuditAction, `${repairedRunId}\n${kind}`);
}

export async function recordRepair(
  audit: AuditLog,
  actor: AuditEntry["actor"],
  reconcileRunId: string,
  facts: RepairFacts,
  now: Date,
): Promise<boolean> {
  const { recorded } = await audit.record({
    id: reconcileAuditId(facts.repairedRunId, facts.kind),
    docType: "audit",
    workspaceId: facts.workspaceId,
    tenantId: facts.tenantId,
    actor,
    action: reconcileAuditAction,
    target: facts.target,
    outcome: "info",
    runId: facts.repairedRunId,
    details: { ...facts.details, repair: facts.kind, reconcileRunId },
    timestamp: now.toISOString(),
  });
  return recorded;
}
