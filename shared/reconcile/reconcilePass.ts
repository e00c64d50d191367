// One reconcile pass over a workspace: compare every active run with its orchestration and repair what a
// crash left behind, then release the active-run locks nobody will release any more. Every repair is a
// conditional write (If-Match on what was read): a 412 means the run's own code or another reconciler acted
// first, so the repair is skipped and counted nowhere. Each written repair is audited once.
import type { AuditEntry } from "../domain/auditEntry.js";
import { failureFromError, makeFailure } from "../domain/failures.js";
import type { FailureEntry, OperationRun } from "../domain/operationRun.js";
import { toCompleted, toRunning, validateRun } from "../domain/runLifecycle.js";
import type { Clock } from "../ports/clock.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { OrchestrationControl } from "../ports/orchestrationControl.js";
import type { RunLockView, RunRepair, Versioned } from "../ports/runRepair.js";
import { recordRepair } from "./reconcileAudit.js";
import { zeroCounts, type ReconcileCounts } from "./reconcileCounts.js";
import type { ReconcileOptions } from "./reconcileOptions.js";
import {
  decideRun,
  orchestrationInstanceId,
  shouldReleaseLock,
  staleFlagKey,
  type RunDecision,
} from "./repairDecisions.js";

export interface ReconcilePassDeps {
  repair: RunRepair;
  orchestration: Pick<OrchestrationControl, "getStatus">;
  audit: AuditLog;
  clock: Clock;
  options: ReconcileOptions;
}

export interface ReconcilePassInput {
  workspaceId: string;
  /** The `ops.reconcile_adapter_runs` run doing this pass (never repaired by itself). */
  reconcileRunId: string;
  actor: AuditEntry["actor"];
}

export interface ReconcilePassResult {
  counts: ReconcileCounts;
  failures: FailureEntry[];
}

const messages: Readonly<Record<string, string>> = {
  orchestration_failed: "The orchestration failed while the run was still active; completed by reconcile.",
  orchestration_terminated:
    "The orchestration was terminated while the run was still active; completed by reconcile.",
  orchestration_missing: "No orchestration exists for the run after the grace period; failed by reconcile.",
};

export async function reconcilePass(
  deps: ReconcilePassDeps,
  input: ReconcilePassInput,
): Promise<ReconcilePassResult> {
  const counts = zeroCounts();
  const failures: FailureEntry[] = [];
  const fail = (kind: string, error: unknown, itemId: string): void => {
    counts.failed += 1;
    failures.push(failureFromError(`ops.reconcile.${kind}`, error, itemId));
  };

  const activeRuns = await deps.repair.listActiveRuns(input.workspaceId);
  for (const stored of activeRuns) {
    // Reconcile runs have no orchestration: they run inline; an abandoned one is handled at start.
    if (stored.doc.type === "ops.reconcile_adapter_runs") continue;
    counts.checked += 1;
    let decision: RunDecision = { kind: "none" };
    try {
      const status = await deps.orchestration.getStatus(orchestrationInstanceId(stored.doc));
      decision = decideRun(stored.doc, status, deps.clock.now(), deps.options);
      if (decision.kind === "none") continue;
      const written = await applyRunDecision(deps, input, stored, decision);
      if (written && decision.kind === "complete") counts.reconciled += 1;
      if (written && decision.kind === "flag_stale") counts.stale += 1;
    } catch (error) {
      fail(decision.kind === "complete" ? decision.repair : "check", error, stored.doc.id);
    }
  }

  // Locks are listed after the run repairs, so a lock whose run was just completed is released now.
  const locks = await deps.repair.listLocks(input.workspaceId);
  for (const lock of locks) {
    if (lock.doc.runId === input.reconcileRunId) continue;
    try {
      if (await releaseLockIfLeftBehind(deps, input, lock)) counts.locks_released += 1;
    } catch (error) {
      fail("lock_released", error, lock.doc.runId);
    }
  }
  return { counts, failures };
}

/** Writes the decision with If-Match and audits it; false when someone else acted first (412/404). */
async function applyRunDecision(
  deps: ReconcilePassDeps,
  input: ReconcilePassInput,
  stored: Versioned<OperationRun>,
  decision: Exclude<RunDecision, { kind: "none" }>,
): Promise<boolean> {
  const run = stored.doc;
  const now = deps.clock.now();
  const next = decision.kind === "complete" ? completed(run, decision, now) : flaggedStale(run, now);
  if ((await deps.repair.replaceRun(next, stored.etag)) === "conflict") return false;
  await recordRepair(
    deps.audit,
    input.actor,
    input.reconcileRunId,
    {
      workspaceId: run.workspaceId,
      tenantId: run.tenantId,
      repairedRunId: run.id,
      kind: decision.kind === "complete" ? decision.repair : "stale_flagged",
      target: { type: "run", id: run.id },
      details: {
        type: run.type,
        previousStatus: run.status,
        outcome: decision.kind === "complete" ? decision.outcome : null,
        reasonCode: decision.kind === "complete" ? decision.reasonCode : null,
      },
    },
    now,
  );
  return true;
}

function completed(
  run: OperationRun,
  decision: Extract<RunDecision, { kind: "complete" }>,
  now: Date,
): OperationRun {
  // A queued run whose orchestration completed did run: record that before completing it normally.
  const from = run.status === "queued" && decision.reasonCode === null ? toRunning(run, now) : run;
  const failures =
    decision.reasonCode === null
      ? undefined
      : [
          ...run.failureSummary,
          makeFailure({
            code: `ops.reconcile.${decision.repair}`,
            reasonCode: decision.reasonCode,
            message: messages[decision.repair] ?? decision.repair,
          }),
        ];
  return toCompleted(
    from,
    {
      outcome: decision.outcome,
      ...(decision.summaryCounts === undefined ? {} : { summaryCounts: decision.summaryCounts }),
      ...(failures === undefined ? {} : { failures }),
    },
    now,
  );
}

function flaggedStale(run: OperationRun, now: Date): OperationRun {
  const at = now.toISOString();
  return validateRun({ ...run, context: { ...run.context, [staleFlagKey]: at }, updatedAt: at });
}

async function releaseLockIfLeftBehind(
  deps: ReconcilePassDeps,
  input: ReconcilePassInput,
  stored: Versioned<RunLockView>,
): Promise<boolean> {
  const lock = stored.doc;
  const run = await deps.repair.readRun(lock.workspaceId, lock.runId);
  const now = deps.clock.now();
  if (!shouldReleaseLock(lock, run?.doc ?? null, now, deps.options)) return false;
  if ((await deps.repair.deleteLock(lock.workspaceId, lock.id, stored.etag)) === "conflict") return false;
  await recordRepair(
    deps.audit,
    input.actor,
    input.reconcileRunId,
    {
      workspaceId: lock.workspaceId,
      tenantId: lock.tenantId,
      repairedRunId: lock.runId,
      kind: "lock_released",
      target: { type: "lock", id: lock.id },
      details: { type: lock.type, lockState: lock.state, runStatus: run?.doc.status ?? "missing" },
    },
    now,
  );
  return true;
}
