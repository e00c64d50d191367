// POST /api/workspaces/{workspaceId}/tenants/{tenantId}/backups (backups.start): a `backup_set.create` run
// through the ledger's dedupe, its orchestration started with instance id = run id only when it is new.
// The run's identity is the request (tenant + canonical selection): an identical start while the first is
// active answers that run and its backup set (`deduped: true`); each new run gets its own backup set.
import { createHash, randomUUID } from "node:crypto";

import { canonicalJson } from "../../domain/runIdentity.js";
import { HttpProblem, internalError } from "../../http/httpProblem.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { recoveryOf, tenantInWorkspace } from "../recoveryAccess.js";
import { backupStartBody, backupStartedSchema, tenantParams } from "../recoverySchemas.js";
import { noQuery } from "../apiSchemas.js";
import { runStartedResponse, startRun } from "../startRun.js";
import { mutationProblems } from "./problemResponses.js";

export const backupsStartRoute = defineRoute({
  name: "backups-start",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/tenants/{tenantId}/backups",
  summary: "Back up the tenant's policies with their assignments",
  tag: "backups",
  access: { kind: "workspace", capability: "backups.start" },
  params: tenantParams,
  query: noQuery,
  body: backupStartBody,
  idempotent: true,
  orchestration: true,
  responses: {
    202: {
      description: "The backup run (deduped: an identical backup is active)",
      schema: backupStartedSchema,
    },
    ...mutationProblems(),
  },
  async handle({ deps, params, body, access }) {
    if (access === null) throw internalError();
    const tenant = await tenantInWorkspace(deps, params.workspaceId, params.tenantId);
    const supported = recoveryOf(deps).graph.policyTypes();
    const policyTypes = [...new Set(body.policyTypes ?? [])].sort();
    const unknown = policyTypes.findIndex((t) => !supported.includes(t));
    if (unknown >= 0) {
      throw new HttpProblem(400, "validation", "The request body is invalid.", [
        { field: "body.policyTypes", message: `names an unsupported policy type (${supported.join(", ")})` },
      ]);
    }
    const selection = {
      ...(policyTypes.length > 0 ? { policyTypes } : {}),
      ...(body.policyIds === undefined ? {} : { policyIds: [...new Set(body.policyIds)].sort() }),
    };
    const requestKey = createHash("sha256")
      .update(canonicalJson({ tenantId: tenant.id, selection }))
      .digest("hex")
      .slice(0, 40);
    const result = await startRun(deps, access, {
      workspaceId: params.workspaceId,
      tenantId: tenant.id,
      type: "backup_set.create",
      initiator: access.initiator,
      identityInputs: { backupSetId: `request:${requestKey}` },
      context: { backupSetId: `bs_${randomUUID()}`, selection },
    });
    const backupSetId = result.run.context.backupSetId;
    if (backupSetId === undefined) throw internalError();
    const started = runStartedResponse(result);
    const startedBody = started.body as Record<string, unknown>;
    return jsonResponse(202, { ...startedBody, backupSetId }, started.headers);
  },
});
