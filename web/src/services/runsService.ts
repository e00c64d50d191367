// OperationRuns: the Monitoring list (filters, continuation), one run's detail and failures, cancel, retry.
import {
  failureEntrySchema,
  operationRunSchema,
  pageSchema,
  runActionResultSchema,
  runDetailSchema,
  type FailureEntry,
  type OperationRun,
  type Page,
  type RunActionResult,
  type RunDetail,
  type RunOutcome,
  type RunStatus,
} from "../domain/contracts.js";
import { getJson, newIdempotencyKey, postJson, wsPath } from "./http.js";

export interface RunFilters {
  tenantId?: string | undefined;
  type?: string | undefined;
  status?: RunStatus | undefined;
  outcome?: RunOutcome | undefined;
  initiator?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const runPageSchema = pageSchema(operationRunSchema);
const failurePageSchema = pageSchema(failureEntrySchema);

export interface FailureQuery {
  reasonCode?: string | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  continuation?: string | null | undefined;
}

export const runsService = {
  list(
    workspaceId: string,
    filters: RunFilters,
    options: { limit?: number; continuation?: string | null; signal?: AbortSignal } = {},
  ): Promise<Page<OperationRun>> {
    return getJson(
      `${wsPath(workspaceId)}/runs`,
      runPageSchema,
      { ...filters, limit: options.limit, continuation: options.continuation },
      options.signal,
    );
  },
  get(workspaceId: string, runId: string): Promise<RunDetail> {
    return getJson(`${wsPath(workspaceId)}/runs/${encodeURIComponent(runId)}`, runDetailSchema);
  },
  /** A page of the run's failure log (every failure, grouped by reason code then item). */
  failures(
    workspaceId: string,
    runId: string,
    query: FailureQuery,
    signal?: AbortSignal,
  ): Promise<Page<FailureEntry>> {
    return getJson(
      `${wsPath(workspaceId)}/runs/${encodeURIComponent(runId)}/failures`,
      failurePageSchema,
      { ...query },
      signal,
    );
  },
  cancel(workspaceId: string, runId: string): Promise<RunActionResult> {
    return postJson(
      `${wsPath(workspaceId)}/runs/${encodeURIComponent(runId)}/cancel`,
      runActionResultSchema,
      undefined,
      { idempotencyKey: newIdempotencyKey() },
    );
  },
  retry(workspaceId: string, runId: string): Promise<RunActionResult> {
    return postJson(
      `${wsPath(workspaceId)}/runs/${encodeURIComponent(runId)}/retry`,
      runActionResultSchema,
      undefined,
      { idempotencyKey: newIdempotencyKey() },
    );
  },
};
