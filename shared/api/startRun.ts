// Starting long work from the API: the ledger's dedupe protocol decides whether this is a new run; a new
// run gets its orchestration (instance id = run id) and a queued notification; the caller answers 202
// with the run, `deduped` and the status URL. Shared by retry and the start endpoints that join later.
import type { WorkspaceAccess } from "../auth/authorize.js";
import type { OperationRun } from "../domain/operationRun.js";
import type { OperationType } from "../domain/operationTypes.js";
import { jsonResponse, type ApiResponse } from "../http/apiHttp.js";
import { makeFailure } from "../domain/failures.js";
import { dependencyUnavailable, HttpProblem, internalError } from "../http/httpProblem.js";
import type { StartRunInput, StartRunResult } from "../ports/runLedger.js";
import type { ApiDeps } from "./apiDeps.js";
import type { OrchestrationStartFor } from "./orchestrationStarts.js";
import { notifyRun } from "./runNotifications.js";
import { runPath } from "./runLinks.js";

/** The start function of a type, or 409 when the API cannot start that type's orchestration. */
export function startableType(deps: ApiDeps, type: OperationType): OrchestrationStartFor {
  const starter = deps.orchestrationStarts[type];
  if (starter === undefined) {
    throw new HttpProblem(409, "type-not-startable", `Runs of type ${type} cannot be started from the API.`, [
      { field: "type", message: "has no orchestration the API can start" },
    ]);
  }
  return starter;
}

export async function startRun(
  deps: ApiDeps,
  access: WorkspaceAccess,
  input: StartRunInput,
): Promise<StartRunResult> {
  const orchestration = deps.orchestration;
  if (orchestration === null) throw internalError();
  const starter = startableType(deps, input.type);
  const result = await deps.ledger.start(input);
  if (!result.deduped) {
    const actor = { ...access.initiator, kind: access.principal.kind };
    const start = starter(result.run, actor);
    if (start === null) throw internalError();
    try {
      await orchestration.start(start.name, result.run.id, start.input);
    } catch (error) {
      await failUnstartedRun(deps, result.run, error);
      throw dependencyUnavailable();
    }
    await notifyRun(deps.notifications, result.run, "queued", deps.clock.now());
  }
  return result;
}

/**
 * The orchestration did not start (Durable's storage unreachable): complete the run as failed so its lock
 * is released and the caller's retry starts afresh instead of being deduped onto a run nothing will
 * execute. If the start did reach storage after all, its orchestration finds the run completed and skips
 * (non-canonical). If this process dies first, the reconciler fails the run after its grace period.
 */
async function failUnstartedRun(deps: ApiDeps, run: OperationRun, error: unknown): Promise<void> {
  deps.logger.error("api.orchestration.start_failed", {
    runId: run.id,
    type: run.type,
    error: error instanceof Error ? error.name : "unknown",
  });
  try {
    await deps.ledger.complete(run.workspaceId, run.id, {
      outcome: "failed",
      failures: [
        makeFailure({
          code: "orchestration.start",
          reasonCode: "orchestration_start_failed",
          message: "The orchestration could not be started; nothing was done. Start the operation again.",
        }),
      ],
    });
  } catch {
    // The reconciler repairs the run; the caller still gets a retryable 503 for the start.
  }
}

export function runStartedResponse(result: StartRunResult): ApiResponse {
  const { run, deduped } = result;
  const statusUrl = runPath(run.workspaceId, run.id);
  const body: { run: OperationRun; deduped: boolean; statusUrl: string; reason?: string } = {
    run,
    deduped,
    statusUrl,
  };
  if (result.reason !== undefined) body.reason = result.reason;
  return jsonResponse(202, body, { location: statusUrl });
}
