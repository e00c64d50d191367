// POST /api/workspaces/{workspaceId}/restores (restores.create): a draft RestoreRun — source backup set,
// target tenant (same or another tenant of the workspace), items, group/filter mapping, missing-target
// policy, dry run. A backup set or target tenant outside the workspace answers 404.
import { randomUUID } from "node:crypto";

import { internalError } from "../../http/httpProblem.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { draftRestoreRun } from "../../restore/restoreRequest.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, workspaceParams } from "../apiSchemas.js";
import { backupSetInWorkspace, recoveryOf, tenantInWorkspace } from "../recoveryAccess.js";
import { restoreCreateBody, restoreRunView } from "../recoverySchemas.js";
import { mutationProblems } from "./problemResponses.js";

export const restoresCreateRoute = defineRoute({
  name: "restores-create",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/restores",
  summary: "Create a restore run (preview it, then execute it)",
  tag: "restores",
  access: { kind: "workspace", capability: "restores.create" },
  params: workspaceParams,
  query: noQuery,
  body: restoreCreateBody,
  idempotent: true,
  orchestration: false,
  responses: { 201: { description: "The draft restore run", schema: restoreRunView }, ...mutationProblems() },
  async handle({ deps, params, body, access }) {
    if (access === null) throw internalError();
    const set = await backupSetInWorkspace(deps, params.workspaceId, body.backupSetId);
    const target = await tenantInWorkspace(deps, params.workspaceId, body.targetTenantId);
    const run = draftRestoreRun({
      id: `rr_${randomUUID()}`,
      workspaceId: params.workspaceId,
      sourceTenantId: set.tenantId,
      request: { ...body, targetTenantId: target.id },
      createdBy: access.initiator,
      now: deps.clock.now().toISOString(),
    });
    const { created } = await recoveryOf(deps).restores.create(run);
    if (!created) throw internalError();
    const path = `/api/workspaces/${encodeURIComponent(run.workspaceId)}/restores/${run.id}`;
    return jsonResponse(201, restoreRunView.parse(run), { location: path });
  },
});
