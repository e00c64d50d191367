// The assignment fetch activities, per id-range shard of a backup set's items, after the canonical-run
// check: fetch the shard (shared/backup/fetchAssignmentsBatch), or, for a shard that failed after every
// retry, mark its unfetched items failed. Either way every item failure goes to the failure log of the fetch
// run and its backup run before the answer, which carries only counts and reason codes (history stays small).
import * as df from "durable-functions";

import { zeroBackupCounts } from "../shared/backup/backupSummary.js";
import {
  failAssignmentsShard,
  type FetchBatchResult,
  fetchAssignmentsShard,
} from "../shared/backup/fetchAssignmentsBatch.js";
import { type ItemIdRange, shardRange } from "../shared/backup/itemShards.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import {
  activityNames,
  type AssignmentsFetchBatchInput,
  type AssignmentsFetchBatchOutput,
  assignmentsFetchBatchInputSchema,
} from "./contracts.js";

async function shardStep(
  input: unknown,
  deps: ActivityDeps,
  work: (batch: AssignmentsFetchBatchInput, range: ItemIdRange) => Promise<FetchBatchResult>,
): Promise<AssignmentsFetchBatchOutput> {
  const batch = assignmentsFetchBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    const none = { counts: zeroBackupCounts, failureReasons: [], failures: [] };
    return { stepKey: batch.stepKey, canonical: false, ...none };
  }
  const { counts, failures } = await work(batch, shardRange(batch.shard));
  // A retry rewrites the same log ids, so recording before answering never double-counts.
  for (const runId of [batch.runId, ...(batch.parentRunId === null ? [] : [batch.parentRunId])]) {
    await deps.failureLog.record(batch.workspaceId, runId, failures);
  }
  const failureReasons = [...new Set(failures.map((f) => f.reasonCode))].sort();
  return { stepKey: batch.stepKey, canonical: true, counts, failureReasons, failures: [] };
}

export function assignmentsFetchBatch(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchBatchOutput> {
  return shardStep(input, deps, (batch, range) =>
    fetchAssignmentsShard(
      deps,
      { workspaceId: batch.workspaceId, tenantId: batch.tenantId, backupSetId: batch.backupSetId },
      range,
    ),
  );
}

/** A shard that failed after every retry: its unfetched items become item failures. */
export function assignmentsFetchShardFailed(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchBatchOutput> {
  return shardStep(input, deps, (batch, range) =>
    failAssignmentsShard(deps, { workspaceId: batch.workspaceId, backupSetId: batch.backupSetId }, range),
  );
}

export const assignmentsFetchBatchActivity = df.app.activity(activityNames.assignmentsFetchBatch, {
  handler: (input: unknown) => assignmentsFetchBatch(input, getActivityDeps()),
});

export const assignmentsFetchShardFailedActivity = df.app.activity(
  activityNames.assignmentsFetchShardFailed,
  { handler: (input: unknown) => assignmentsFetchShardFailed(input, getActivityDeps()) },
);
