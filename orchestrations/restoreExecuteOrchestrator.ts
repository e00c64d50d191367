// The `restore.execute` run: own the `assignments.restore` run, restore items in batches (read current, diff,
// write only what differs), record per-item results, then one completion with exactly one audit entry.
// History stays small whatever the restore's size: the start activity stores the plan, batches are passed by
// index and answer tallies (per-item results live on the RestoreRun).
import * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

import type { FailureEntry } from "../shared/domain/operationRun.js";
import {
  countsOfTally,
  outcomeOfTally,
  type RestoreTally,
  sumTallies,
} from "../shared/restore/restoreSummary.js";
import {
  orchestrationNames,
  type RestoreExecuteOutput,
  restoreExecuteInputSchema,
  type RestoreItemsBatchOutput,
  restoreItemsBatchOutputSchema,
  restoreStartOutputSchema,
} from "./contracts.js";
import { failureEntry } from "./graphFailure.js";
import {
  restoreCompleteActivity,
  restoreItemsBatchActivity,
  restoreItemsBatchFailedActivity,
  restoreStartActivity,
} from "./restoreActivities.js";
import { activityRetry } from "./retryPolicy.js";
import { eachOrFallback } from "./settleAll.js";
import { runCompleteActivity, runProgressActivity } from "./runActivities.js";

export function* restoreExecuteOrchestrator(
  context: OrchestrationContext,
): Generator<df.Task, RestoreExecuteOutput, unknown> {
  const input = restoreExecuteInputSchema.parse(context.df.getInput());
  const { workspaceId, runId } = input;

  const start = restoreStartOutputSchema.parse(
    yield restoreStartActivity({ workspaceId, runId, batchSize: input.batchSize }).withRetry(activityRetry),
  );
  if (start.status === "non_canonical") {
    return { outcome: null, skipped: "non_canonical_skip", assignmentsRunId: null, summaryCounts: {} };
  }
  if (start.status === "deduped") {
    // Another execution of this restore is active or cooling down; it owns the Graph writes and the audit.
    yield runCompleteActivity({
      workspaceId,
      runId,
      outcome: "succeeded",
      summaryCounts: {},
      failures: [],
    }).withRetry(activityRetry);
    return {
      outcome: "succeeded",
      skipped: "deduped",
      assignmentsRunId: start.assignmentsRunId,
      summaryCounts: {},
    };
  }

  const { assignmentsRunId, restoreRunId, actor, planKey, itemCount, batchCount } = start;
  // Keyed by step: only the final attempt of a retried batch counts.
  const byStep = new Map<string, { tally: RestoreTally; failed: RestoreItemsBatchOutput["failed"] }>();
  const tally = () => sumTallies([...byStep.values()].map((b) => b.tally));
  const failures: FailureEntry[] = [];
  try {
    for (let first = 0; first < batchCount; first += input.concurrency) {
      const indexes = Array.from(
        { length: Math.min(input.concurrency, batchCount - first) },
        (_, offset) => first + offset,
      );
      const inputs = indexes.map((batchIndex) => ({
        workspaceId,
        restoreRunId,
        runId: assignmentsRunId,
        stepKey: `restore:${String(batchIndex).padStart(5, "0")}`,
        planKey,
        batchIndex,
        executeRunId: runId,
      }));
      // A batch that failed after every retry does not stop the others: its items are recorded failed.
      const outputs = restoreItemsBatchOutputSchema.array().parse(
        yield* eachOrFallback(
          context,
          inputs,
          (batch) => restoreItemsBatchActivity(batch).withRetry(activityRetry),
          (batch) => restoreItemsBatchFailedActivity(batch).withRetry(activityRetry),
        ),
      );
      if (outputs.some((o) => !o.canonical)) {
        return { outcome: null, skipped: "non_canonical_skip", assignmentsRunId, summaryCounts: {} };
      }
      for (const output of outputs)
        byStep.set(output.stepKey, { tally: output.tally, failed: output.failed });
      yield runProgressActivity({
        workspaceId,
        runId: assignmentsRunId,
        summaryCounts: countsOfTally(itemCount, tally()),
      }).withRetry(activityRetry);
    }
  } catch {
    failures.push(
      failureEntry("assignments.restore", "orchestration_failed", "an activity failed after retries"),
    );
  }

  const total = tally();
  const summaryCounts = countsOfTally(itemCount, total);
  const outcome = failures.length > 0 ? "failed" : outcomeOfTally(total);
  for (const failed of [...byStep.values()].flatMap((b) => b.failed)) {
    if (failures.length >= 200) break;
    failures.push(
      failureEntry("assignments.restore.item", failed.reasonCode, failed.message, failed.backupItemId),
    );
  }
  yield restoreCompleteActivity({
    workspaceId,
    restoreRunId,
    runId,
    assignmentsRunId,
    targetTenantId: start.targetTenantId,
    backupSetId: start.backupSetId,
    dryRun: start.dryRun,
    actor,
    outcome,
    summaryCounts,
    failures,
  }).withRetry(activityRetry);
  return { outcome, skipped: null, assignmentsRunId, summaryCounts };
}

export const restoreExecuteOrchestration = df.app.orchestration(
  orchestrationNames.restoreExecute,
  restoreExecuteOrchestrator,
);
