// How the API starts the orchestration of a run it created: per operation type, the orchestrator's name
// and its input (instance id = run id). The table is wired where orchestrations/ is visible (functions/),
// so shared/ does not depend on orchestrations; a type without an entry cannot be started from the API.
import type { AuditEntry } from "../domain/auditEntry.js";
import type { OperationRun } from "../domain/operationRun.js";
import type { OperationType } from "../domain/operationTypes.js";

export interface OrchestrationStart {
  name: string;
  input: unknown;
}

/** Builds the start of `run`'s orchestration; returns null when the run lacks what the orchestrator needs. */
export type OrchestrationStartFor = (
  run: OperationRun,
  actor: AuditEntry["actor"],
) => OrchestrationStart | null;

export type OrchestrationStarts = Readonly<Partial<Record<OperationType, OrchestrationStartFor>>>;
