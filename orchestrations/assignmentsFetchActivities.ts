// The assignment fetch activity: one id-range shard of a backup set's items (shared/backup/fetchAssignmentsBatch),
// after the canonical-run check.
import * as df from "durable-functions";

import { zeroBackupCounts } from "../shared/backup/backupSummary.js";
import { failAssignmentsShard, fetchAssignmentsShard } from "../shared/backup/fetchAssignmentsBatch.js";
import { shardRange } from "../shared/backup/itemShards.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import {
  activityNames,
  type AssignmentsFetchBatchOutput,
  assignmentsFetchBatchInputSchema,
} from "./contracts.js";

export async function assignmentsFetchBatch(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchBatchOutput> {
  const batch = assignmentsFetchBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    return {
      stepKey: batch.stepKey,
      canonical: false,
      counts: zeroBackupCounts,
      failureReasons: [],
      failures: [],
    };
  }
  const { counts, failures } = await fetchAssignmentsShard(
    deps,
    { workspaceId: batch.workspaceId, tenantId: batch.tenantId, backupSetId: batch.backupSetId },
    shardRange(batch.shard),
  );
  // Every item failure, before the answer: the runs keep only a preview (a retry rewrites the same ids).
  for (const runId of [batch.runId, ...(batch.parentRunId === null ? [] : [batch.parentRunId])]) {
    await deps.failureLog.record(batch.workspaceId, runId, failures);
  }
  const failureReasons = [...new Set(failures.map((f) => f.reasonCode))].sort();
  return { stepKey: batch.stepKey, canonical: true, counts, failureReasons, failures: [] };
}

/** A shard that failed after every retry: its unfetched items become item failures (shared logic). */
export async function assignmentsFetchShardFailed(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchBatchOutput> {
  const batch = assignmentsFetchBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    return {
      stepKey: batch.stepKey,
      canonical: false,
      counts: zeroBackupCounts,
      failureReasons: [],
      failures: [],
    };
  }
  const { counts, failures } = await failAssignmentsShard(
    deps,
    { workspaceId: batch.workspaceId, backupSetId: batch.backupSetId },
    shardRange(batch.shard),
  );
  for (const runId of [batch.runId, ...(batch.parentRunId === null ? [] : [batch.parentRunId])]) {
    await deps.failureLog.record(batch.workspaceId, runId, failures);
  }
  const failureReasons = [...new Set(failures.map((f) => f.reasonCode))].sort();
  return { stepKey: batch.stepKey, canonical: true, counts, failureReasons, failures: [] };
}

export const assignmentsFetchShardFailedActivity = df.app.activity(
  activityNames.assignmentsFetchShardFailed,
  { handler: (input: unknown) => assignmentsFetchShardFailed(input, getActivityDeps()) },
);

export const assignmentsFetchBatchActivity = df.app.activity(activityNames.assignmentsFetchBatch, {
  handler: (input: unknown) => assignmentsFetchBatch(input, getActivityDeps()),
});
