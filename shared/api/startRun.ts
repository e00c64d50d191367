// Starting long work from the API: the ledger's dedupe protocol decides whether this is a new run; a new
// run gets its orchestration (instance id = run id) and a queued notification; the caller answers 202
// with the run, `deduped` and the status URL. Shared by retry and the start endpoints that join later.
import type { OperationRun } from "../domain/operationRun.js";
import { internalError } from "../http/httpProblem.js";
import { jsonResponse, type ApiResponse } from "../http/apiHttp.js";
import type { StartRunInput, StartRunResult } from "../ports/runLedger.js";
import type { ApiDeps } from "./apiDeps.js";
import { orchestratorNameFor, type OrchestrationInput } from "./orchestratorNames.js";
import { notifyRun } from "./runNotifications.js";
import { runPath } from "./runLinks.js";

export async function startRun(deps: ApiDeps, input: StartRunInput): Promise<StartRunResult> {
  const orchestration = deps.orchestration;
  if (orchestration === null) throw internalError();
  const result = await deps.ledger.start(input);
  if (!result.deduped) {
    const orchestrationInput: OrchestrationInput = {
      workspaceId: result.run.workspaceId,
      runId: result.run.id,
    };
    await orchestration.start(orchestratorNameFor(result.run.type), result.run.id, orchestrationInput);
    await notifyRun(deps.notifications, result.run, "queued", deps.clock.now());
  }
  return result;
}

export function runStartedResponse(run: OperationRun, deduped: boolean): ApiResponse {
  const statusUrl = runPath(run.workspaceId, run.id);
  return jsonResponse(202, { run, deduped, statusUrl }, { location: statusUrl });
}
