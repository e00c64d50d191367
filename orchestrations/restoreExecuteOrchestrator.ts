// The `restore.execute` run: own the `assignments.restore` run, restore items in batches (read current, diff,
// write only what differs), record per-item results, then one completion with exactly one audit entry.
import * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { RestoreItemResult } from "../shared/restore/restoreRun.js";
import { restoreCounts, restoreOutcome } from "../shared/restore/restoreSummary.js";
import { chunk } from "./assignmentsFetchOrchestrator.js";
import {
  orchestrationNames,
  type RestoreExecuteOutput,
  restoreExecuteInputSchema,
  restoreItemsBatchOutputSchema,
  restoreStartOutputSchema,
} from "./contracts.js";
import { failureEntry } from "./graphFailure.js";
import {
  restoreCompleteActivity,
  restoreItemsBatchActivity,
  restoreStartActivity,
} from "./restoreActivities.js";
import { activityRetry } from "./retryPolicy.js";
import { runCompleteActivity, runProgressActivity } from "./runActivities.js";

export function* restoreExecuteOrchestrator(
  context: OrchestrationContext,
): Generator<df.Task, RestoreExecuteOutput, unknown> {
  const input = restoreExecuteInputSchema.parse(context.df.getInput());
  const { workspaceId, runId } = input;

  const start = restoreStartOutputSchema.parse(
    yield restoreStartActivity({ workspaceId, runId }).withRetry(activityRetry),
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

  const { assignmentsRunId, items, restoreRunId, actor } = start;
  const byStep = new Map<string, RestoreItemResult[]>();
  const all = () => [...byStep.values()].flat();
  const failures: FailureEntry[] = [];
  try {
    const batches = chunk(items, input.batchSize);
    for (let first = 0; first < batches.length; first += input.concurrency) {
      const tasks = batches.slice(first, first + input.concurrency).map((batch, offset) =>
        restoreItemsBatchActivity({
          workspaceId,
          restoreRunId,
          runId: assignmentsRunId,
          stepKey: `restore:${String(first + offset).padStart(5, "0")}`,
          items: batch,
        }).withRetry(activityRetry),
      );
      const outputs = restoreItemsBatchOutputSchema.array().parse(yield context.df.Task.all(tasks));
      if (outputs.some((o) => !o.canonical)) {
        return { outcome: null, skipped: "non_canonical_skip", assignmentsRunId, summaryCounts: {} };
      }
      // Keyed by step: only the final attempt of a retried batch counts.
      for (const output of outputs) byStep.set(output.stepKey, output.results);
      yield runProgressActivity({
        workspaceId,
        runId: assignmentsRunId,
        summaryCounts: restoreCounts(items.length, all()),
      }).withRetry(activityRetry);
    }
  } catch {
    failures.push(
      failureEntry("assignments.restore", "orchestration_failed", "an activity failed after retries"),
    );
  }

  const results = all();
  const summaryCounts = restoreCounts(items.length, results);
  const outcome = failures.length > 0 ? "failed" : restoreOutcome(results);
  for (const r of results) {
    if (r.action === "failed" && failures.length < 200) {
      failures.push(
        failureEntry("assignments.restore.item", r.reasonCode ?? "unknown", r.message ?? "", r.backupItemId),
      );
    }
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
