// GET /api/workspaces/{workspaceId}/backup-sets/{backupSetId}/items (backups.view): the set's items with
// their assignments and failures, paged (`limit` + opaque `continuation`); payloads are not returned.
import { jsonResponse } from "../../http/apiHttp.js";
import { continuationScope, decodeContinuation, encodeContinuation } from "../../http/continuationToken.js";
import { defineRoute } from "../apiRoute.js";
import { page } from "../apiSchemas.js";
import { backupSetInWorkspace, recoveryOf } from "../recoveryAccess.js";
import { backupItemView, backupSetParams, itemsQuery } from "../recoverySchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const backupSetItemsRoute = defineRoute({
  name: "backup-set-items",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/backup-sets/{backupSetId}/items",
  summary: "Items of a backup set, paged",
  tag: "backups",
  access: { kind: "workspace", capability: "backups.view" },
  params: backupSetParams,
  query: itemsQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "A page of backup items", schema: page(backupItemView, "BackupItemPage") },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query }) {
    const set = await backupSetInWorkspace(deps, params.workspaceId, params.backupSetId);
    const scope = continuationScope({ route: "backup-set-items", workspaceId: set.workspaceId, set: set.id });
    const storeToken = decodeContinuation(scope, query.continuation);
    const result = await recoveryOf(deps).backups.listItems(set.workspaceId, set.id, query.limit, storeToken);
    return jsonResponse(200, {
      items: result.items.map((item) => backupItemView.parse(item)),
      continuation: encodeContinuation(scope, result.continuation),
    });
  },
});
