// GET /api/workspaces/{workspaceId}/backup-sets/{backupSetId} (backups.view): the set with its counts and
// the runs that produced it (`runId`, `assignmentsRunId`).
import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery } from "../apiSchemas.js";
import { backupSetInWorkspace } from "../recoveryAccess.js";
import { backupSetParams, backupSetView } from "../recoverySchemas.js";
import { runPath } from "../runLinks.js";
import { workspaceProblems } from "./problemResponses.js";

export const backupSetsGetRoute = defineRoute({
  name: "backup-sets-get",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/backup-sets/{backupSetId}",
  summary: "A backup set",
  tag: "backups",
  access: { kind: "workspace", capability: "backups.view" },
  params: backupSetParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: { 200: { description: "The backup set", schema: backupSetView }, ...workspaceProblems() },
  async handle({ deps, params }) {
    const set = await backupSetInWorkspace(deps, params.workspaceId, params.backupSetId);
    return jsonResponse(200, backupSetView.parse(set), {
      link: `<${runPath(set.workspaceId, set.runId)}>; rel="run"`,
    });
  },
});
