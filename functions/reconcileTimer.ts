// Timer trigger: every RECONCILE_SCHEDULE (default every 5 minutes) reconcile every workspace. The
// schedule is given as `%RECONCILE_SCHEDULE%`: @azure/functions passes binding options through unchanged
// and the host resolves %NAME% from the app settings. Overlap with another host's timer or a manual
// reconcile is prevented by each workspace's reconcile run (the second firing is deduped).
import { app, type InvocationContext, type Timer } from "@azure/functions";
import * as df from "durable-functions";

import { reconcileAllWorkspaces } from "../shared/reconcile/reconcileAllWorkspaces.js";
import { getReconcileDeps } from "../shared/reconcile/reconcileDeps.js";
import { durableStatusReader } from "./adapters/durableStatusReader.js";

export async function reconcileTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const deps = await getReconcileDeps();
  const reports = await reconcileAllWorkspaces(
    { ...deps, orchestration: durableStatusReader(df.getClient(context)) },
    { initiator: { userId: null, name: "Reconcile timer" }, actorKind: "system" },
  );
  // Ids and counts only: never payloads.
  for (const report of reports) {
    context.log("reconcile", {
      workspaceId: report.workspaceId,
      runId: report.runId,
      deduped: report.deduped,
      reasonCode: report.reasonCode,
      isPastDue: timer.isPastDue,
      ...report.counts,
    });
  }
}

app.timer("reconcileTimer", {
  schedule: "%RECONCILE_SCHEDULE%",
  extraInputs: [df.input.durableClient()],
  handler: reconcileTimer,
});
