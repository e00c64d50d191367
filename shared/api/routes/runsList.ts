// GET /api/workspaces/{workspaceId}/runs: the Monitoring hub's list (runs.view). Newest first, filtered,
// bounded by `limit` (≤ 200), paged with an opaque continuation bound to the workspace and filters. The
// store's own time for the page is reported as `Server-Timing: store;dur=<ms>` (what bench:api subtracts).
import { performance } from "node:perf_hooks";

import { jsonResponse } from "../../http/apiHttp.js";
import { continuationScope, decodeContinuation, encodeContinuation } from "../../http/continuationToken.js";
import type { RunListFilter } from "../../ports/runLedger.js";
import { defineRoute } from "../apiRoute.js";
import { operationRunView, page, runListQuery, workspaceParams } from "../apiSchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const runsListRoute = defineRoute({
  name: "runs-list",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/runs",
  summary: "Operation runs, newest first",
  tag: "runs",
  access: { kind: "workspace", capability: "runs.view" },
  params: workspaceParams,
  query: runListQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "A page of runs", schema: page(operationRunView, "RunPage") },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query }) {
    const { limit, continuation, ...filters } = query;
    const filter: RunListFilter = {};
    if (filters.tenantId !== undefined) filter.tenantId = filters.tenantId;
    if (filters.type !== undefined) filter.type = filters.type;
    if (filters.status !== undefined) filter.status = filters.status;
    if (filters.outcome !== undefined) filter.outcome = filters.outcome;
    if (filters.initiator !== undefined) filter.initiator = filters.initiator;
    if (filters.since !== undefined) filter.since = filters.since;
    if (filters.until !== undefined) filter.until = filters.until;
    const scope = continuationScope({ route: "runs-list", workspaceId: params.workspaceId, ...filter });
    const storeToken = decodeContinuation(scope, continuation);
    const started = performance.now();
    const result = await deps.ledger.list(params.workspaceId, filter, limit, storeToken);
    const storeMs = performance.now() - started;
    return jsonResponse(
      200,
      { items: result.items, continuation: encodeContinuation(scope, result.continuation) },
      { "server-timing": `store;dur=${storeMs.toFixed(2)}` },
    );
  },
});
