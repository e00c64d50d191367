// The orchestrations the API can start, with their inputs built from a run and validated against the
// orchestrations' own contracts. Retry uses it; the backup/restore start endpoints add their types here.
import type { OrchestrationStarts } from "../../shared/api/orchestrationStarts.js";
import { orchestrationNames, restoreExecuteInputSchema } from "../../orchestrations/contracts.js";

export const orchestrationStarts: OrchestrationStarts = {
  // Restores compare before writing, so re-executing a restore run writes only the items that still differ.
  "restore.execute": (run, actor) => {
    const parsed = restoreExecuteInputSchema.safeParse({
      workspaceId: run.workspaceId,
      restoreRunId: run.context.restoreRunId,
      runId: run.id,
      actor,
    });
    return parsed.success ? { name: orchestrationNames.restoreExecute, input: parsed.data } : null;
  },
};
