// POST /api/workspaces/{workspaceId}/restores/{restoreRunId}/execute (restores.execute): a
// `restore.execute` run through the ledger's dedupe; its orchestration owns the `assignments.restore` run
// (cooldown, non-canonical skip and the one audit entry live there). 202 { run, deduped, reason?, statusUrl }.
// While this restore's `assignments.restore` run is active or cooling down, the answer is the execute run
// that owns it (`deduped: true`, reason `active` | `cooldown`) and nothing is started.
import { internalError } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery } from "../apiSchemas.js";
import { restoreInWorkspace } from "../recoveryAccess.js";
import { restoreExecutedSchema, restoreParams } from "../recoverySchemas.js";
import { runStartedResponse, startRun } from "../startRun.js";
import { problems } from "./problemResponses.js";

export const restoresExecuteRoute = defineRoute({
  name: "restores-execute",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/restores/{restoreRunId}/execute",
  summary: "Execute a restore run",
  tag: "restores",
  access: { kind: "workspace", capability: "restores.execute" },
  params: restoreParams,
  query: noQuery,
  body: null,
  idempotent: true,
  orchestration: true,
  responses: {
    202: { description: "The execute run (deduped: one is active)", schema: restoreExecutedSchema },
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
  async handle({ deps, params, access }) {
    if (access === null) throw internalError();
    const restore = await restoreInWorkspace(deps, params.workspaceId, params.restoreRunId);
    const held = await deps.ledger.holder?.({
      workspaceId: restore.workspaceId,
      tenantId: restore.targetTenantId,
      type: "assignments.restore",
      identityInputs: { restoreRunId: restore.id },
    });
    if (held?.deduped === true) {
      const parentId = held.run.context.parentRunId;
      const parent =
        typeof parentId === "string" ? await deps.ledger.get(restore.workspaceId, parentId) : null;
      return runStartedResponse({ ...held, run: parent ?? held.run });
    }
    const result = await startRun(deps, access, {
      workspaceId: restore.workspaceId,
      tenantId: restore.targetTenantId,
      type: "restore.execute",
      initiator: access.initiator,
      identityInputs: { restoreRunId: restore.id },
      context: {
        restoreRunId: restore.id,
        backupSetId: restore.backupSetId,
        targetTenantId: restore.targetTenantId,
      },
    });
    return runStartedResponse(result);
  },
});
