// GET /api/workspaces/{workspaceId}/runs/{runId}/failures: every failure of a run from its failure log,
// grouped by reason code then item, optionally one reason code or a search, paged (runs.view). The run's
// `failureCounts` say how many there are per reason code; a run of another workspace is not found.
import { jsonResponse } from "../../http/apiHttp.js";
import { continuationScope, decodeContinuation, encodeContinuation } from "../../http/continuationToken.js";
import { notFound } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { failureEntryView, page, runFailuresQuery, runParams } from "../apiSchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const runsFailuresRoute = defineRoute({
  name: "runs-failures",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/runs/{runId}/failures",
  summary: "A run's failures, by reason code, paged",
  tag: "runs",
  access: { kind: "workspace", capability: "runs.view" },
  params: runParams,
  query: runFailuresQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "A page of failure entries", schema: page(failureEntryView, "FailurePage") },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query }) {
    const run = await deps.ledger.get(params.workspaceId, params.runId);
    if (run === null || run.workspaceId !== params.workspaceId) throw notFound("The run");
    const { limit, continuation, reasonCode, search } = query;
    if (run.status === "completed" && run.failureCounts === undefined) {
      // Completed before the failure log existed: its preview is all there is, one page.
      const needle = search?.toLowerCase();
      const items = run.failureSummary.filter(
        (f) =>
          (reasonCode === undefined || f.reasonCode === reasonCode) &&
          (needle === undefined ||
            (f.itemId ?? "").toLowerCase().includes(needle) ||
            f.message.toLowerCase().includes(needle)),
      );
      return jsonResponse(200, { items: items.slice(0, limit), continuation: null });
    }
    const scope = continuationScope({
      route: "runs-failures",
      workspaceId: params.workspaceId,
      runId: params.runId,
      reasonCode,
      search,
    });
    const result = await deps.failureLog.page(params.workspaceId, params.runId, {
      reasonCode,
      search,
      limit,
      continuation: decodeContinuation(scope, continuation),
    });
    return jsonResponse(200, {
      items: result.items,
      continuation: encodeContinuation(scope, result.continuation),
    });
  },
});
