// GET /api/workspaces/{workspaceId}/restores/{restoreRunId} (backups.view): the restore run with what
// happened per item (created/updated/unchanged/skipped/failed, reason codes, unmapped targets).
import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery } from "../apiSchemas.js";
import { restoreInWorkspace } from "../recoveryAccess.js";
import { restoreParams, restoreRunView } from "../recoverySchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const restoresGetRoute = defineRoute({
  name: "restores-get",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/restores/{restoreRunId}",
  summary: "A restore run with its per-item results",
  tag: "restores",
  access: { kind: "workspace", capability: "backups.view" },
  params: restoreParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: { 200: { description: "The restore run", schema: restoreRunView }, ...workspaceProblems() },
  async handle({ deps, params }) {
    const run = await restoreInWorkspace(deps, params.workspaceId, params.restoreRunId);
    return jsonResponse(200, restoreRunView.parse(run));
  },
});
