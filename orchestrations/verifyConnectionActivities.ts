// The activity of a connection verification: acquire a Graph token for the run's tenant with a fresh
// credential and compare its application roles with every permission backup and restore need. A missing
// permission blocks the run (`provider_permission_denied`, naming it); a token that cannot be acquired
// fails it with the error's stable reason code. Anything else (store outage) throws and is retried.
import * as df from "durable-functions";

import {
  connectionPermissions,
  tokenFailure,
  verifyConnectionRoles,
} from "../shared/graph/permissionCheck.js";
import { GraphRequestError } from "../shared/graph/graphRequestError.js";
import { PolicyGraphError } from "../shared/ports/policyGraph.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { RunNotFoundError } from "./backupActivities.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import { type VerifyCheckOutput, verifyInputSchema, verifyNames } from "./verifyConnectionContracts.js";

export async function providerConnectionVerifyCheck(
  input: unknown,
  deps: ActivityDeps,
): Promise<VerifyCheckOutput> {
  const { workspaceId, runId } = verifyInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, workspaceId, runId, verifyNames.checkActivity))) {
    return { canonical: false };
  }
  const run = await deps.ledger.get(workspaceId, runId);
  if (run === null || run.tenantId === null) throw new RunNotFoundError(runId);
  if (deps.connections === undefined) throw new Error("activityDeps: connections are not configured");
  await deps.ledger.markRunning(workspaceId, runId);
  let granted: string[];
  try {
    granted = await deps.connections.grantedRoles(run.tenantId);
  } catch (error) {
    if (!(error instanceof GraphRequestError) && !(error instanceof PolicyGraphError)) throw error;
    const failure = tokenFailure(error);
    deps.log("provider_connection.token_failed", { workspaceId, runId, reasonCode: failure.reasonCode });
    return {
      canonical: true,
      outcome: "failed",
      summaryCounts: { total: connectionPermissions().length, succeeded: 0, failed: 0 },
      failures: [failure],
    };
  }
  const { outcome, summaryCounts, failures } = verifyConnectionRoles(granted);
  return { canonical: true, outcome, summaryCounts, failures };
}

export const providerConnectionVerifyCheckActivity = df.app.activity(verifyNames.checkActivity, {
  handler: (input: unknown) => providerConnectionVerifyCheck(input, getActivityDeps()),
});
