import { describe, expect, it } from "vitest";

import { backupOutcome } from "../../../shared/backup/backupOutcome.js";
import { sumSteps, withStep, zeroBackupCounts } from "../../../shared/backup/backupSummary.js";

const counts = (n: number) => ({
  ...zeroBackupCounts,
  total: n,
  processed: n,
  succeeded: n,
  assignments: 2 * n,
});

describe("backup summary counts", () => {
  it("sums steps, and a retried step replaces its counts (final attempt wins)", () => {
    let steps = withStep({}, "list:a", counts(3));
    steps = withStep(steps, "fetch:0", counts(5));
    steps = withStep(steps, "fetch:0", counts(4));
    expect(sumSteps(steps)).toEqual({
      total: 7,
      processed: 7,
      succeeded: 7,
      failed: 0,
      skipped: 0,
      assignments: 14,
    });
  });

  it("is zero for no steps", () => {
    expect(sumSteps({})).toEqual(zeroBackupCounts);
  });
});

describe("backup outcome", () => {
  it("succeeded without failures, even for an empty tenant", () => {
    expect(backupOutcome({ total: 0, succeeded: 0, failureReasons: [] })).toBe("succeeded");
  });
  it("partially_succeeded when some items failed", () => {
    expect(backupOutcome({ total: 3, succeeded: 2, failureReasons: ["graph_forbidden"] })).toBe(
      "partially_succeeded",
    );
  });
  it("blocked when nothing succeeded and permission is missing", () => {
    expect(
      backupOutcome({ total: 3, succeeded: 0, failureReasons: ["graph_forbidden", "graph_forbidden"] }),
    ).toBe("blocked");
  });
  it("failed when nothing succeeded for other reasons", () => {
    expect(
      backupOutcome({ total: 2, succeeded: 0, failureReasons: ["graph_forbidden", "graph_unavailable"] }),
    ).toBe("failed");
  });
});
