// The orchestrations the API can start, with their inputs built from a run and validated against the
// orchestrations' own contracts. Retry uses it; the backup/restore start endpoints add their types here.
import type { OrchestrationStarts } from "../../shared/api/orchestrationStarts.js";
import type { OrchestrationStartFor } from "../../shared/api/orchestrationStarts.js";
import {
  backupInputSchema,
  orchestrationNames,
  restoreExecuteInputSchema,
} from "../../orchestrations/contracts.js";
import { verifyInputSchema, verifyNames } from "../../orchestrations/verifyConnectionContracts.js";

/** Backups (started by hand or by a schedule): the set id and selection are on the run's context. */
const backupStart: OrchestrationStartFor = (run) => {
  const parsed = backupInputSchema.safeParse({
    workspaceId: run.workspaceId,
    tenantId: run.tenantId,
    runId: run.id,
    backupSetId: run.context.backupSetId,
    selection: run.context.selection ?? {},
    initiator: { userId: run.userId, name: run.initiatorName },
  });
  return parsed.success ? { name: orchestrationNames.backup, input: parsed.data } : null;
};

export const orchestrationStarts: OrchestrationStarts = {
  "backup_set.create": backupStart,
  "backup_schedule.scheduled": backupStart,
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
  // The tenant is on the run; the check reads it from there.
  "provider_connection.verify": (run) => {
    const parsed = verifyInputSchema.safeParse({ workspaceId: run.workspaceId, runId: run.id });
    return parsed.success && run.tenantId !== null
      ? { name: verifyNames.orchestrator, input: parsed.data }
      : null;
  },
};
