// Starting long work from the API: the ledger's dedupe protocol decides whether this is a new run; a new
// run gets its orchestration (instance id = run id) and a queued notification; the caller answers 202
// with the run, `deduped` and the status URL. Shared by retry and the start endpoints that join later.
import type { WorkspaceAccess } from "../auth/authorize.js";
import type { OperationRun } from "../domain/operationRun.js";
import type { OperationType } from "../domain/operationTypes.js";
import { jsonResponse, type ApiResponse } from "../http/apiHttp.js";
import { HttpProblem, internalError } from "../http/httpProblem.js";
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
    await orchestration.start(start.name, result.run.id, start.input);
    await notifyRun(deps.notifications, result.run, "queued", deps.clock.now());
  }
  return result;
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
