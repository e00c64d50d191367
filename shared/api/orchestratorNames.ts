// The Durable orchestrator that does the work of each operation type. Convention shared with
// orchestrations/: the function is named after the type in camel case + `Orchestrator`
// (`backup_set.create` → `backupSetCreateOrchestrator`), its instance id is the run id and its input is
// `{ workspaceId, runId }` (everything else is read from the run).
import type { OperationType } from "../domain/operationTypes.js";

export function orchestratorNameFor(type: OperationType): string {
  const words = type.split(/[._]/);
  return `${words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("")}Orchestrator`;
}

export interface OrchestrationInput {
  workspaceId: string;
  runId: string;
}
