// Restore summary counts and outcome from per-item results, or from per-batch tallies summed (an execution's
// orchestration carries tallies, never the results themselves).
import type { RunOutcome } from "../domain/operationRun.js";
import type { RestoreItemResult } from "./restoreRun.js";

/** A type alias (not an interface) so it is assignable to SummaryCounts. */
export type RestoreCounts = {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Graph writes performed (applied items). */
  written: number;
};

/** What a set of results adds up to; `forbidden` counts failures for a missing permission. */
export type RestoreTally = Omit<RestoreCounts, "total"> & { forbidden: number };

const emptyTally = (): RestoreTally => ({
  processed: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  written: 0,
  forbidden: 0,
});

export function restoreTally(results: readonly RestoreItemResult[]): RestoreTally {
  const tally = emptyTally();
  for (const result of results) {
    tally.processed += 1;
    tally[result.action] += 1;
    if (result.action === "created" || result.action === "updated" || result.action === "unchanged") {
      tally.succeeded += 1;
    }
    if (result.applied) tally.written += 1;
    if (result.action === "failed" && result.reasonCode === "graph_forbidden") tally.forbidden += 1;
  }
  return tally;
}

export function sumTallies(tallies: readonly RestoreTally[]): RestoreTally {
  const sum = emptyTally();
  for (const tally of tallies) {
    for (const key of Object.keys(sum) as (keyof RestoreTally)[]) sum[key] += tally[key];
  }
  return sum;
}

export function countsOfTally(total: number, tally: RestoreTally): RestoreCounts {
  const { forbidden: _forbidden, ...counts } = tally;
  return { total, ...counts };
}

export function restoreCounts(total: number, results: readonly RestoreItemResult[]): RestoreCounts {
  return countsOfTally(total, restoreTally(results));
}

/**
 * No failed item → succeeded (skips are reported, not failures). Some failed, some not → partially_succeeded.
 * All failed: every failure a missing permission → blocked; otherwise failed.
 */
export function outcomeOfTally(tally: RestoreTally): Exclude<RunOutcome, "pending" | "cancelled"> {
  if (tally.failed === 0) return "succeeded";
  if (tally.failed < tally.processed) return "partially_succeeded";
  return tally.forbidden === tally.failed ? "blocked" : "failed";
}

export function restoreOutcome(
  results: readonly RestoreItemResult[],
): Exclude<RunOutcome, "pending" | "cancelled"> {
  return outcomeOfTally(restoreTally(results));
}
