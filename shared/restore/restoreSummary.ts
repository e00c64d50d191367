// Restore summary counts and outcome from per-item results.
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

export function restoreCounts(total: number, results: readonly RestoreItemResult[]): RestoreCounts {
  const counts: RestoreCounts = {
    total,
    processed: results.length,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    written: 0,
  };
  for (const result of results) {
    counts[result.action] += 1;
    if (result.action === "created" || result.action === "updated" || result.action === "unchanged") {
      counts.succeeded += 1;
    }
    if (result.applied) counts.written += 1;
  }
  return counts;
}

/**
 * No failed item → succeeded (skips are reported, not failures). Some failed, some not → partially_succeeded.
 * All failed: every failure a missing permission → blocked; otherwise failed.
 */
export function restoreOutcome(
  results: readonly RestoreItemResult[],
): Exclude<RunOutcome, "pending" | "cancelled"> {
  const failed = results.filter((r) => r.action === "failed");
  if (failed.length === 0) return "succeeded";
  if (failed.length < results.length) return "partially_succeeded";
  return failed.every((r) => r.reasonCode === "graph_forbidden") ? "blocked" : "failed";
}
