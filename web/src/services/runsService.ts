// OperationRuns: the Monitoring list (filters, continuation), one run's detail, cancel and retry.
import {
  operationRunSchema,
  pageSchema,
  runActionResultSchema,
  runDetailSchema,
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
