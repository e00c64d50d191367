// The `provider_connection.verify` run: check the app's Graph permissions in the tenant, then complete the
// run — succeeded, blocked (a permission is missing, named in the failures) or failed (no token).
import * as df from "durable-functions";
import type { OrchestrationContext } from "durable-functions";

import { failureEntry } from "./graphFailure.js";
import { activityRetry } from "./retryPolicy.js";
import { runCompleteActivity } from "./runActivities.js";
import { providerConnectionVerifyCheckActivity } from "./verifyConnectionActivities.js";
import {
  type VerifyOutput,
  verifyCheckOutputSchema,
  verifyInputSchema,
  verifyNames,
} from "./verifyConnectionContracts.js";

export function* providerConnectionVerifyOrchestrator(
  context: OrchestrationContext,
): Generator<df.Task, VerifyOutput, unknown> {
  const { workspaceId, runId } = verifyInputSchema.parse(context.df.getInput());
  let result;
  try {
    result = verifyCheckOutputSchema.parse(
      yield providerConnectionVerifyCheckActivity({ workspaceId, runId }).withRetry(activityRetry),
    );
  } catch {
    yield runCompleteActivity({
      workspaceId,
      runId,
      outcome: "failed",
      summaryCounts: {},
      failures: [
        failureEntry("provider_connection", "orchestration_failed", "the check failed after retries"),
      ],
    }).withRetry(activityRetry);
    return { outcome: "failed", skipped: null };
  }
  if (!result.canonical) return { outcome: null, skipped: "non_canonical_skip" };
  yield runCompleteActivity({
    workspaceId,
    runId,
    outcome: result.outcome,
    summaryCounts: result.summaryCounts,
    failures: result.failures,
  }).withRetry(activityRetry);
  return { outcome: result.outcome, skipped: null };
}

export const providerConnectionVerifyOrchestration = df.app.orchestration(
  verifyNames.orchestrator,
  providerConnectionVerifyOrchestrator,
);
