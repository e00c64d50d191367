// The assignment fetch activity: one batch of backup items (shared/backup/fetchAssignmentsBatch), after the
// canonical-run check.
import * as df from "durable-functions";

import { zeroBackupCounts } from "../shared/backup/backupSummary.js";
import { fetchAssignmentsBatch } from "../shared/backup/fetchAssignmentsBatch.js";
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
    return { stepKey: batch.stepKey, canonical: false, counts: zeroBackupCounts, failures: [] };
  }
  const { counts, failures } = await fetchAssignmentsBatch(
    deps,
    { workspaceId: batch.workspaceId, tenantId: batch.tenantId },
    batch.itemIds,
  );
  return { stepKey: batch.stepKey, canonical: true, counts, failures };
}

export const assignmentsFetchBatchActivity = df.app.activity(activityNames.assignmentsFetchBatch, {
  handler: (input: unknown) => assignmentsFetchBatch(input, getActivityDeps()),
});
