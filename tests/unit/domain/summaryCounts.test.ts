import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  combineStepCounts,
  normalizeSummaryCounts,
  recordStepAttempt,
  type StepCounts,
} from "../../../shared/domain/summaryCounts.js";

describe("normalizeSummaryCounts", () => {
  it("drops keys the type does not allow and keeps allowed ones", () => {
    expect(
      normalizeSummaryCounts("assignments.fetch", { total: 3, succeeded: 2, bogus: 9, failed: 1 }),
    ).toEqual({
      failed: 1,
      succeeded: 2,
      total: 3,
    });
  });

  it("rejects negative, fractional and non-numeric values, naming the field", () => {
    expect(() => normalizeSummaryCounts("assignments.fetch", { total: -1 })).toThrowError(
      /^summaryCounts\.total: must be a non-negative integer/,
    );
    expect(() => normalizeSummaryCounts("assignments.fetch", { failed: 1.5 })).toThrowError(
      /summaryCounts\.failed/,
    );
    expect(() => normalizeSummaryCounts("assignments.fetch", { skipped: "2" })).toThrowError(
      /summaryCounts\.skipped/,
    );
  });

  it("never keeps a key outside the catalog (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.nat()), (raw) => {
        const out = normalizeSummaryCounts("restore.execute", raw);
        for (const key of Object.keys(out)) {
          expect([
            "total",
            "processed",
            "succeeded",
            "failed",
            "skipped",
            "created",
            "updated",
            "unchanged",
          ]).toContain(key);
        }
      }),
    );
  });
});

describe("final attempt wins", () => {
  it("a retried step replaces its earlier counts instead of adding to them", () => {
    let steps: StepCounts = {};
    steps = recordStepAttempt(steps, "batch-1", { total: 10, succeeded: 7, failed: 3 });
    steps = recordStepAttempt(steps, "batch-2", { total: 5, succeeded: 5 });
    steps = recordStepAttempt(steps, "batch-1", { total: 10, succeeded: 10, failed: 0 }); // retry
    expect(combineStepCounts(steps)).toEqual({ failed: 0, succeeded: 15, total: 15 });
  });

  it("any number of retries equals recording only the last attempt (property)", () => {
    const counts = fc.dictionary(fc.constantFrom("total", "succeeded", "failed"), fc.nat(1000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), counts), { maxLength: 30 }),
        (attempts) => {
          let steps: StepCounts = {};
          const last = new Map<string, Record<string, number>>();
          for (const [step, c] of attempts) {
            steps = recordStepAttempt(steps, step, c);
            last.set(step, c);
          }
          let expected: StepCounts = {};
          for (const [step, c] of last) expected = recordStepAttempt(expected, step, c);
          expect(combineStepCounts(steps)).toEqual(combineStepCounts(expected));
        },
      ),
    );
  });
});
