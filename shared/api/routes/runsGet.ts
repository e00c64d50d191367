// GET /api/workspaces/{workspaceId}/runs/{runId}: one run with its related links and the Durable runtime
// status of its orchestration (runs.view). A run of another workspace is not found (the read is scoped to
// this workspace's partition). The status is informative: when the Durable client cannot answer, it is null.
import { jsonResponse } from "../../http/apiHttp.js";
import { notFound } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, runDetailSchema, runParams } from "../apiSchemas.js";
import { runLinks } from "../runLinks.js";
import { workspaceProblems } from "./problemResponses.js";

export const runsGetRoute = defineRoute({
  name: "runs-get",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/runs/{runId}",
  summary: "One operation run with related links",
  tag: "runs",
  access: { kind: "workspace", capability: "runs.view" },
  params: runParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: true,
  responses: { 200: { description: "The run", schema: runDetailSchema }, ...workspaceProblems() },
  async handle({ deps, params }) {
    const run = await deps.ledger.get(params.workspaceId, params.runId);
    if (run === null || run.workspaceId !== params.workspaceId) throw notFound("The run");
    const status = await deps.orchestration?.getStatus(run.id).catch(() => null);
    const orchestration = status ? { runtimeStatus: status.runtimeStatus } : null;
    return jsonResponse(200, { run, links: runLinks(run), orchestration });
  },
});
