// POST /api/workspaces/{workspaceId}/ops/reconcile (reconcile.run, owners): runs a reconcile pass over the
// workspace now, as the timer would. The pass is the workspace's `ops.reconcile_adapter_runs` run; when one
// is already active (the timer, another owner) this answers that run with `deduped: true`.
import { internalError } from "../../http/httpProblem.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { getReconcileDeps } from "../../reconcile/reconcileDeps.js";
import { reconcileWorkspace } from "../../reconcile/reconcileWorkspace.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, runStartedSchema, workspaceParams } from "../apiSchemas.js";
import { runPath } from "../runLinks.js";
import { problems } from "./problemResponses.js";

export const opsReconcileRoute = defineRoute({
  name: "ops-reconcile",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/ops/reconcile",
  summary: "Reconcile the workspace's active runs with their orchestrations now",
  tag: "ops",
  access: { kind: "workspace", capability: "reconcile.run" },
  params: workspaceParams,
  query: noQuery,
  body: null,
  idempotent: true,
  orchestration: true,
  responses: {
    202: {
      description: "The reconcile run (deduped: a reconcile pass of this workspace is already active)",
      schema: runStartedSchema,
    },
    ...problems(400, 401, 403, 404, 422, 503),
  },
  async handle({ deps, params, access }) {
    if (access === null || deps.orchestration === null) throw internalError();
    const result = await reconcileWorkspace(
      { ...(await getReconcileDeps()), orchestration: deps.orchestration },
      { workspaceId: params.workspaceId, initiator: access.initiator, actorKind: access.principal.kind },
    );
    const statusUrl = runPath(result.run.workspaceId, result.run.id);
    return jsonResponse(
      202,
      { run: result.run, deduped: result.deduped, statusUrl },
      { location: statusUrl },
    );
  },
});
