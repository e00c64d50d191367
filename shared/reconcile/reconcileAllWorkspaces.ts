// The timer's pass: reconcile every workspace in turn. One workspace's failure does not stop the others;
// it is reported with the workspace id (the failure itself is stored on that workspace's reconcile run when
// the run could be started at all).
import type { WorkspaceLister } from "../ports/runRepair.js";
import { reasonCodeOf } from "../domain/failures.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import type { ReconcileCounts } from "./reconcileCounts.js";
import { reconcileWorkspace, type ReconcileDeps, type ReconcileRequest } from "./reconcileWorkspace.js";

export interface WorkspaceReconcileReport {
  workspaceId: string;
  runId: string | null;
  deduped: boolean;
  counts: ReconcileCounts | null;
  reasonCode: ReasonCode | null;
}

export async function reconcileAllWorkspaces(
  deps: ReconcileDeps & { workspaces: WorkspaceLister },
  request: Omit<ReconcileRequest, "workspaceId">,
): Promise<WorkspaceReconcileReport[]> {
  const reports: WorkspaceReconcileReport[] = [];
  for (const workspaceId of await deps.workspaces.listWorkspaceIds()) {
    try {
      const result = await reconcileWorkspace(deps, { ...request, workspaceId });
      reports.push({
        workspaceId,
        runId: result.run.id,
        deduped: result.deduped,
        counts: result.counts ?? null,
        reasonCode: null,
      });
    } catch (error) {
      reports.push({
        workspaceId,
        runId: null,
        deduped: false,
        counts: null,
        reasonCode: reasonCodeOf(error),
      });
    }
  }
  return reports;
}
