// RestoreRuns with their per-item results (container `restores`, pk /workspaceId). Implemented on Cosmos DB in
// shared/store.
import type { RestoreItemResult, RestoreRun } from "../restore/restoreRun.js";
import type { RestoreWorkItem } from "../restore/restoreWorkItem.js";

export interface RestoreStore {
  /** Conditional create; resolves `created: false` when the id exists. */
  create(run: RestoreRun): Promise<{ created: boolean }>;
  get(workspaceId: string, restoreRunId: string): Promise<RestoreRun | null>;
  /** Sets status/outcome/run ids (not results); last write wins. */
  update(
    workspaceId: string,
    restoreRunId: string,
    patch: Partial<
      Pick<RestoreRun, "status" | "outcome" | "executeRunId" | "assignmentsRunId" | "completedAt">
    >,
  ): Promise<RestoreRun>;
  /**
   * Upserts results by backupItemId: a retried item replaces its earlier result, never adds a second one.
   * `resetForRun` semantics are the caller's: results are cleared by `clearResults` when a new execution starts.
   */
  upsertResults(
    workspaceId: string,
    restoreRunId: string,
    results: readonly RestoreItemResult[],
  ): Promise<void>;
  clearResults(workspaceId: string, restoreRunId: string): Promise<void>;
  /**
   * Stores an execution's work plan (the matched items) in batches under `planKey`, so that orchestration
   * history carries batch indexes, never item payloads. Writing the same plan again replaces its batches.
   */
  savePlan(
    workspaceId: string,
    restoreRunId: string,
    planKey: string,
    batches: readonly (readonly RestoreWorkItem[])[],
  ): Promise<void>;
  /** One batch of a stored plan; null when that plan or batch does not exist. */
  planBatch(
    workspaceId: string,
    restoreRunId: string,
    planKey: string,
    index: number,
  ): Promise<RestoreWorkItem[] | null>;
}
