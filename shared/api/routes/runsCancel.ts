// POST /api/workspaces/{workspaceId}/runs/{runId}/cancel (runs.cancel): terminates the orchestration and
// completes the run `cancelled`; a completed run answers 409. Audited once (deterministic audit id).
import type { OperationRun } from "../../domain/operationRun.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { HttpProblem, internalError, notFound } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, operationRunView, runParams } from "../apiSchemas.js";
import { recordAudit } from "../auditRecord.js";
import { notifyRun } from "../runNotifications.js";
import { problems } from "./problemResponses.js";
import { z } from "zod";

const alreadyCompleted = (): HttpProblem =>
  new HttpProblem(409, "run-completed", "The run has already completed and cannot be cancelled.", [
    { field: "params.runId", message: "names a completed run" },
  ]);

export const runsCancelRoute = defineRoute({
  name: "runs-cancel",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/runs/{runId}/cancel",
  summary: "Cancel a queued or running run",
  tag: "runs",
  access: { kind: "workspace", capability: "runs.cancel" },
  params: runParams,
  query: noQuery,
  body: null,
  idempotent: true,
  orchestration: true,
  responses: {
    200: {
      description: "The cancelled run",
      schema: z.object({ run: operationRunView }).meta({ id: "RunCancelled" }),
    },
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
  async handle({ deps, params, access }) {
    if (access === null || deps.orchestration === null) throw internalError();
    const run = await deps.ledger.get(params.workspaceId, params.runId);
    if (run === null || run.workspaceId !== params.workspaceId) throw notFound("The run");
    if (run.status === "completed") throw alreadyCompleted();
    await deps.orchestration.terminate(run.id, `cancelled by ${access.principal.kind}`);
    let cancelled: OperationRun;
    try {
      cancelled = await deps.ledger.complete(params.workspaceId, run.id, {
        outcome: "cancelled",
        failures: [
          ...run.failureSummary,
          { code: "run.cancel", reasonCode: "cancelled", message: `Cancelled by ${access.initiator.name}` },
        ],
      });
    } catch (error) {
      // Lost a race with the run's own completion: answer as for any completed run.
      const now = await deps.ledger.get(params.workspaceId, run.id);
      if (now?.status === "completed") throw alreadyCompleted();
      throw error;
    }
    const at = deps.clock.now();
    await recordAudit(
      deps.audit,
      access,
      {
        action: "ops.run.cancelled",
        tenantId: run.tenantId,
        target: { type: "run", id: run.id },
        outcome: "cancelled",
        runId: run.id,
        details: { type: run.type, previousStatus: run.status },
      },
      at,
    );
    await notifyRun(deps.notifications, cancelled, "completed", at);
    return jsonResponse(200, { run: cancelled });
  },
});
