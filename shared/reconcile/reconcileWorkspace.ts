// The reconcile use-case for one workspace (spec 096): the job is itself a workspace-scoped
// `ops.reconcile_adapter_runs` OperationRun, created or reused through the ledger's conditional dedupe, so
// two firings (two timer hosts, timer + manual) never run at once: the second answers `deduped: true`.
// The run has no identity inputs: its active-run lock (one per workspace) is the overlap guard.
import type { AuditEntry } from "../domain/auditEntry.js";
import { IllegalTransitionError } from "../domain/errors.js";
import { failureFromError, makeFailure } from "../domain/failures.js";
import { operationDefinition } from "../domain/operationCatalog.js";
import type { FailureEntry, OperationRun } from "../domain/operationRun.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { Clock } from "../ports/clock.js";
import type { OrchestrationControl } from "../ports/orchestrationControl.js";
import type { Initiator, RunLedger, StartRunResult } from "../ports/runLedger.js";
import type { RunRepair } from "../ports/runRepair.js";
import type { ReconcileCounts } from "./reconcileCounts.js";
import type { ReconcileOptions } from "./reconcileOptions.js";
import { reconcilePass } from "./reconcilePass.js";

export const reconcileType = "ops.reconcile_adapter_runs";

export interface ReconcileDeps {
  ledger: RunLedger;
  repair: RunRepair;
  orchestration: Pick<OrchestrationControl, "getStatus">;
  audit: AuditLog;
  clock: Clock;
  options: ReconcileOptions;
}

export interface ReconcileRequest {
  workspaceId: string;
  initiator: Initiator;
  /** Who the audit entries name as actor: the timer (`system`) or the owner who asked (`user`/`app`). */
  actorKind: AuditEntry["actor"]["kind"];
}

export interface ReconcileResult {
  /** The reconcile run: completed by this call, or the active one that deduped it. */
  run: OperationRun;
  deduped: boolean;
  /** This call's figures; absent when deduped. */
  counts?: ReconcileCounts;
}

export async function reconcileWorkspace(
  deps: ReconcileDeps,
  request: ReconcileRequest,
): Promise<ReconcileResult> {
  const started = await startReconcileRun(deps, request);
  if (started.deduped) return { run: started.run, deduped: true };
  const { workspaceId } = request;
  const runId = started.run.id;
  await deps.ledger.markRunning(workspaceId, runId);

  let counts: ReconcileCounts | undefined;
  let failures: FailureEntry[];
  try {
    const result = await reconcilePass(deps, {
      workspaceId,
      reconcileRunId: runId,
      actor: { userId: request.initiator.userId, name: request.initiator.name, kind: request.actorKind },
    });
    counts = result.counts;
    failures = result.failures;
  } catch (error) {
    // Listing runs or locks failed: nothing more can be checked in this pass.
    failures = [failureFromError("ops.reconcile.pass", error)];
  }
  const outcome = counts === undefined ? "failed" : counts.failed > 0 ? "partially_succeeded" : "succeeded";
  const run = await deps.ledger.complete(workspaceId, runId, {
    outcome,
    summaryCounts: { ...(counts ?? { failed: 1 }) },
    failures,
  });
  return { run, deduped: false, ...(counts === undefined ? {} : { counts }) };
}

/**
 * Starts (or reuses) the workspace's reconcile run. A reconcile run that has not moved for longer than
 * the grace period (or its expected duration × stale factor, whichever is longer) was abandoned by a
 * crashed host: it is failed (which releases its lock) so that this firing can take over.
 */
async function startReconcileRun(deps: ReconcileDeps, request: ReconcileRequest): Promise<StartRunResult> {
  const start = (): Promise<StartRunResult> =>
    deps.ledger.start({
      workspaceId: request.workspaceId,
      tenantId: null,
      type: reconcileType,
      initiator: request.initiator,
      identityInputs: {},
    });
  const first = await start();
  if (!first.deduped || !isAbandoned(first.run, deps)) return first;
  try {
    await deps.ledger.complete(request.workspaceId, first.run.id, {
      outcome: "failed",
      failures: [
        ...first.run.failureSummary,
        makeFailure({
          code: "ops.reconcile.abandoned",
          reasonCode: "orchestration_missing",
          message: "The reconcile pass stopped without completing (host stopped); a later pass took over.",
        }),
      ],
    });
  } catch (error) {
    // Its own host completed it meanwhile: the run is over either way.
    if (!(error instanceof IllegalTransitionError)) throw error;
  }
  return start();
}

function isAbandoned(run: OperationRun, deps: ReconcileDeps): boolean {
  if (run.status === "completed") return false;
  const expectedMs =
    operationDefinition(reconcileType).expectedDurationSeconds * 1000 * deps.options.staleFactor;
  const limitMs = Math.max(expectedMs, deps.options.graceMinutes * 60_000);
  return deps.clock.now().getTime() - Date.parse(run.updatedAt) > limitMs;
}
