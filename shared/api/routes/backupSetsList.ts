// GET /api/workspaces/{workspaceId}/tenants/{tenantId}/backup-sets (backups.view): the tenant's backup
// sets, newest first, at most `limit`.
import { z } from "zod";

import { internalError } from "../../http/httpProblem.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { recoveryOf, tenantInWorkspace } from "../recoveryAccess.js";
import { backupSetListQuery, backupSetView, tenantParams } from "../recoverySchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const backupSetsListRoute = defineRoute({
  name: "backup-sets-list",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/tenants/{tenantId}/backup-sets",
  summary: "Backup sets of a tenant, newest first",
  tag: "backups",
  access: { kind: "workspace", capability: "backups.view" },
  params: tenantParams,
  query: backupSetListQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: {
      description: "The newest backup sets",
      schema: z.object({ items: z.array(backupSetView) }).meta({ id: "BackupSetList" }),
    },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query }) {
    const tenant = await tenantInWorkspace(deps, params.workspaceId, params.tenantId);
    const backups = recoveryOf(deps).backups;
    if (backups.listBackupSets === undefined) throw internalError();
    const sets = await backups.listBackupSets(params.workspaceId, tenant.id, query.limit);
    return jsonResponse(200, { items: sets.map((s) => backupSetView.parse(s)) });
  },
});
