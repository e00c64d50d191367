// Sub-orchestration of a backup: the `assignments.fetch` run. Fetches assignments for the backup's items by
// id-range shard (a bounded number in flight; each activity reads its shard's items from the store, so history
// holds indexes and counts, never ids), reports progress per window, completes its own OperationRun.
import * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

import { backupOutcome } from "../shared/backup/backupOutcome.js";
import { type BackupCounts, type StepCounts, sumSteps, withStep } from "../shared/backup/backupSummary.js";
import { shardCount } from "../shared/backup/itemShards.js";
import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";
import {
  assignmentsFetchBatchActivity,
  assignmentsFetchShardFailedActivity,
} from "./assignmentsFetchActivities.js";
import {
  type AssignmentsFetchOutput,
  assignmentsFetchBatchOutputSchema,
  assignmentsFetchInputSchema,
  orchestrationNames,
} from "./contracts.js";
import { failureEntry } from "./graphFailure.js";
import { activityRetry } from "./retryPolicy.js";
import { eachOrFallback } from "./settleAll.js";
import { runCompleteActivity, runProgressActivity } from "./runActivities.js";

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function* assignmentsFetchOrchestrator(
  context: OrchestrationContext,
): Generator<df.Task, AssignmentsFetchOutput, unknown> {
  const input = assignmentsFetchInputSchema.parse(context.df.getInput());
  const { workspaceId, tenantId, runId } = input;
  const total = input.total;
  const shards = total === 0 ? 0 : shardCount(total, input.batchSize);
  let steps: StepCounts = {};
  const failures: FailureEntry[] = [];
  const reasons = new Set<ReasonCode>();
  const output = (outcome: AssignmentsFetchOutput["outcome"], summaryCounts: BackupCounts) => ({
    outcome,
    skipped: null,
    summaryCounts,
    failures: failures.slice(0, 200),
    failureReasons: [...reasons].sort(),
  });

  try {
    for (let start = 0; start < shards; start += input.concurrency) {
      const window = Array.from({ length: Math.min(input.concurrency, shards - start) }, (_, i) => start + i);
      const inputs = window.map((index) => ({
        workspaceId,
        tenantId,
        runId,
        backupSetId: input.backupSetId,
        stepKey: `fetch:${String(index).padStart(5, "0")}`,
        shard: { index, count: shards },
        parentRunId: input.parentRunId,
      }));
      // A shard that failed after every retry does not stop the others: its unfetched items become item
      // failures (same step key, so its counts are counted once).
      const outputs = assignmentsFetchBatchOutputSchema.array().parse(
        yield* eachOrFallback(
          context,
          inputs,
          (batch) => assignmentsFetchBatchActivity(batch).withRetry(activityRetry),
          (batch) => assignmentsFetchShardFailedActivity(batch).withRetry(activityRetry),
        ),
      );
      if (outputs.some((o) => !o.canonical)) {
        return { ...output(null, sumSteps(steps)), skipped: "non_canonical_skip" };
      }
      for (const batch of outputs) {
        steps = withStep(steps, batch.stepKey, batch.counts);
        for (const reason of batch.failureReasons) reasons.add(reason);
        // Histories from before the failure log carried the failures themselves.
        for (const failure of batch.failures) {
          if (failures.length < 200) failures.push(failure);
          reasons.add(failure.reasonCode);
        }
      }
      const progress = { ...sumSteps(steps), total };
      const reports = [
        runProgressActivity({ workspaceId, runId, summaryCounts: progress }).withRetry(activityRetry),
      ];
      if (input.parentRunId !== null) {
        // The backup run shows the same figures live: its total is the number of items listed.
        reports.push(
          runProgressActivity({ workspaceId, runId: input.parentRunId, summaryCounts: progress }).withRetry(
            activityRetry,
          ),
        );
      }
      yield context.df.Task.all(reports);
    }
  } catch {
    // An activity failed after every retry: the run still completes, with a stable reason code.
    const summaryCounts = { ...sumSteps(steps), total };
    failures.unshift(
      failureEntry("assignments.fetch", "orchestration_failed", "an activity failed after retries"),
    );
    reasons.add("orchestration_failed");
    yield runCompleteActivity({
      workspaceId,
      runId,
      outcome: "failed",
      summaryCounts,
      failures: failures.slice(0, 200),
    }).withRetry(activityRetry);
    return output("failed", summaryCounts);
  }

  const summaryCounts = { ...sumSteps(steps), total };
  const outcome = backupOutcome({ total, succeeded: summaryCounts.succeeded, failureReasons: [...reasons] });
  yield runCompleteActivity({
    workspaceId,
    runId,
    outcome,
    summaryCounts,
    failures: failures.slice(0, 200),
  }).withRetry(activityRetry);
  return output(outcome, summaryCounts);
}

export const assignmentsFetchOrchestration = df.app.orchestration(
  orchestrationNames.assignmentsFetch,
  assignmentsFetchOrchestrator,
);
