// The outcome of a backup or assignment fetch from its per-item failures.
import type { RunOutcome } from "../domain/operationRun.js";
import type { ReasonCode } from "../domain/reasonCodes.js";

export interface OutcomeInput {
  /** Items attempted (listed or fetched). */
  total: number;
  /** Reason code of each failed item or failed whole step (a type whose list call failed counts once). */
  failureReasons: readonly ReasonCode[];
  /** Items that succeeded. */
  succeeded: number;
}

export type JobOutcome = Exclude<RunOutcome, "pending" | "cancelled">;

/**
 * No failures → succeeded. Nothing succeeded and every failure is a missing permission → blocked
 * (graph_forbidden). Nothing succeeded otherwise → failed. Some succeeded, some failed → partially_succeeded.
 */
export function backupOutcome(input: OutcomeInput): JobOutcome {
  if (input.failureReasons.length === 0) return "succeeded";
  if (input.succeeded > 0) return "partially_succeeded";
  if (input.failureReasons.every((reason) => reason === "graph_forbidden")) return "blocked";
  return "failed";
}
