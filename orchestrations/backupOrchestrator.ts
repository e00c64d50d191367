// The `backup_set.create` run: list every selected policy type (with $expand=assignments where Graph allows),
// store BackupItems, then fetch the remaining assignments under their own `assignments.fetch` run in a
// sub-orchestration, and complete with counts and an outcome.
import * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

import { backupOutcome } from "../shared/backup/backupOutcome.js";
import {
  type BackupCounts,
  type StepCounts,
  sumSteps,
  withStep,
  zeroBackupCounts,
} from "../shared/backup/backupSummary.js";
import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";
import { assignmentsFetchOrchestration } from "./assignmentsFetchOrchestrator.js";
import {
  assignmentsFetchStartActivity,
  backupCompleteActivity,
  backupListTypeActivity,
  backupStartActivity,
} from "./backupActivities.js";
import {
  type AssignmentsFetchOutput,
  assignmentsFetchOutputSchema,
  assignmentsFetchStartOutputSchema,
  type BackupOutput,
  backupInputSchema,
  backupListTypeOutputSchema,
  backupStartOutputSchema,
  orchestrationNames,
} from "./contracts.js";
import { failureEntry } from "./graphFailure.js";
import { activityRetry } from "./retryPolicy.js";
import { settleAll } from "./settleAll.js";
import { runCompleteActivity, runProgressActivity } from "./runActivities.js";

export function* backupOrchestrator(
  context: OrchestrationContext,
): Generator<df.Task, BackupOutput, unknown> {
  const input = backupInputSchema.parse(context.df.getInput());
  const { workspaceId, runId } = input;
  const skipped = (summaryCounts: BackupCounts): BackupOutput => ({
    outcome: null,
    skipped: "non_canonical_skip",
    summaryCounts,
    assignmentsRunId: null,
  });
  let steps: StepCounts = {};
  const failures: FailureEntry[] = [];
  const reasons: ReasonCode[] = [];
  let assignmentsRunId: string | null = null;
  let fetched: AssignmentsFetchOutput | null = null;
  let outcome: BackupOutput["outcome"];
  let backupSetId: string | null = null;

  try {
    const start = backupStartOutputSchema.parse(
      yield backupStartActivity({ workspaceId, runId }).withRetry(activityRetry),
    );
    if (!start.canonical) return skipped(zeroBackupCounts);
    const { tenantId, selection, initiator } = start;
    backupSetId = start.backupSetId;

    // A type whose listing fails after every retry (e.g. a persistent 5xx) fails that type only.
    const settled = yield* settleAll(
      context,
      start.policyTypes.map((policyType) =>
        backupListTypeActivity({
          workspaceId,
          tenantId,
          runId,
          backupSetId,
          policyType,
          ...(selection.policyIds === undefined ? {} : { policyIds: selection.policyIds }),
        }).withRetry(activityRetry),
      ),
    );
    const lists = settled.map((result, i) => {
      if (result.ok) return backupListTypeOutputSchema.parse(result.value);
      const policyType = start.policyTypes[i] ?? "unknown";
      const failure = failureEntry(
        "backup.list",
        "orchestration_failed",
        "listing failed after every retry",
        policyType,
      );
      return { policyType, canonical: true, listed: 0, failure };
    });
    if (lists.some((l) => !l.canonical)) return skipped(zeroBackupCounts);
    for (const list of lists) {
      steps = withStep(steps, `list:${list.policyType}`, { ...zeroBackupCounts, total: list.listed });
      if (list.failure !== null) {
        failures.push(list.failure);
        reasons.push(list.failure.reasonCode);
      }
    }
    yield runProgressActivity({ workspaceId, runId, summaryCounts: sumSteps(steps) }).withRetry(
      activityRetry,
    );

    const listed = lists.reduce((sum, l) => sum + l.listed, 0);
    let succeeded = 0;
    if (listed > 0) {
      const fetchStart = assignmentsFetchStartOutputSchema.parse(
        yield assignmentsFetchStartActivity({
          workspaceId,
          tenantId,
          backupSetId,
          parentRunId: runId,
          initiator,
        }).withRetry(activityRetry),
      );
      assignmentsRunId = fetchStart.runId;
      if (fetchStart.deduped) {
        // Another fetch of this set is active or cooling down: its run holds the assignment figures.
        steps = withStep(steps, "fetch", { ...zeroBackupCounts, skipped: listed });
        succeeded = listed;
      } else {
        fetched = assignmentsFetchOutputSchema.parse(
          yield assignmentsFetchOrchestration(
            {
              workspaceId,
              tenantId,
              backupSetId,
              runId: fetchStart.runId,
              total: listed,
              parentRunId: runId,
            },
            fetchStart.runId,
          ),
        );
        if (fetched.skipped !== null) return skipped(sumSteps(steps));
        const { total: _total, ...fetchCounts } = fetched.summaryCounts;
        steps = withStep(steps, "fetch", { ...fetchCounts, total: 0 });
        succeeded = fetched.summaryCounts.succeeded;
        failures.push(...fetched.failures);
        reasons.push(...fetched.failureReasons);
      }
    }
    outcome = backupOutcome({ total: listed, succeeded, failureReasons: reasons });
  } catch {
    failures.unshift(failureEntry("backup", "orchestration_failed", "an activity failed after retries"));
    outcome = "failed";
  }

  const summaryCounts = sumSteps(steps);
  if (backupSetId === null) {
    // The start step itself failed after retries: there is no set to complete, only the run.
    yield runCompleteActivity({ workspaceId, runId, outcome, summaryCounts, failures }).withRetry(
      activityRetry,
    );
    return { outcome, skipped: null, summaryCounts, assignmentsRunId };
  }
  yield backupCompleteActivity({
    workspaceId,
    backupSetId,
    runId,
    assignmentsRunId,
    outcome,
    summaryCounts,
    failures: failures.slice(0, 200),
  }).withRetry(activityRetry);
  return { outcome, skipped: null, summaryCounts, assignmentsRunId };
}

export const backupOrchestration = df.app.orchestration(orchestrationNames.backup, backupOrchestrator);
