// Activities shared by every orchestration: live progress and completion of an OperationRun.
import * as df from "durable-functions";

import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { activityNames, runCompleteInputSchema, runProgressInputSchema } from "./contracts.js";

/** Replaces the run's live counts (final attempt wins: a retry writes the same or newer numbers). */
export async function runProgress(input: unknown, deps: ActivityDeps): Promise<null> {
  const { workspaceId, runId, summaryCounts } = runProgressInputSchema.parse(input);
  await deps.ledger.reportProgress(workspaceId, runId, summaryCounts);
  return null;
}

export async function runComplete(input: unknown, deps: ActivityDeps): Promise<null> {
  const { workspaceId, runId, outcome, summaryCounts, failures } = runCompleteInputSchema.parse(input);
  await deps.ledger.complete(workspaceId, runId, { outcome, summaryCounts, failures });
  return null;
}

export const runProgressActivity = df.app.activity(activityNames.runProgress, {
  handler: (input: unknown) => runProgress(input, getActivityDeps()),
});

export const runCompleteActivity = df.app.activity(activityNames.runComplete, {
  handler: (input: unknown) => runComplete(input, getActivityDeps()),
});
