// Rule 3 of the dedupe protocol: an activity works only while the identity's lock still names its run and
// the run is not completed; otherwise it does nothing and logs `non_canonical_skip`.
import type { ActivityDeps } from "./activityDeps.js";

export async function isCanonicalRun(
  deps: ActivityDeps,
  workspaceId: string,
  runId: string,
  step: string,
): Promise<boolean> {
  if (await deps.ledger.isCanonical(workspaceId, runId)) return true;
  deps.log("non_canonical_skip", { workspaceId, runId, step, reasonCode: "non_canonical_skip" });
  return false;
}
