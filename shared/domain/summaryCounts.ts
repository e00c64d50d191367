// Summary counts: only the catalog's keys for the type, non-negative integers, and "final attempt wins":
// a retried step replaces its earlier counts, it never adds to them.
import type { SummaryCounts } from "./operationRun.js";
import type { OperationType } from "./operationTypes.js";
import { operationDefinition } from "./operationCatalog.js";
import { ValidationError } from "./errors.js";

/**
 * Drops keys the type does not allow (spec 096: counters are constrained by the catalog) and rejects values
 * that are not non-negative integers, naming the field.
 */
export function normalizeSummaryCounts(
  type: OperationType,
  raw: Readonly<Record<string, unknown>>,
): SummaryCounts {
  const allowed = new Set(operationDefinition(type).allowedSummaryKeys);
  const out: SummaryCounts = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!allowed.has(key)) continue;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new ValidationError(`summaryCounts.${key}`, "must be a non-negative integer");
    }
    out[key] = value;
  }
  return sortKeys(out);
}

/** Counts per step (e.g. one per activity or per item batch); each step's latest attempt is the truth. */
export type StepCounts = Readonly<Record<string, SummaryCounts>>;

/** Records an attempt of a step: it replaces whatever an earlier attempt of the same step reported. */
export function recordStepAttempt(steps: StepCounts, stepKey: string, counts: SummaryCounts): StepCounts {
  if (stepKey.length === 0) throw new ValidationError("stepKey", "must be non-empty");
  return { ...steps, [stepKey]: { ...counts } };
}

/** The run's summary: the sum over steps of each step's final attempt. */
export function combineStepCounts(steps: StepCounts): SummaryCounts {
  const out: SummaryCounts = {};
  for (const counts of Object.values(steps)) {
    for (const [key, value] of Object.entries(counts)) out[key] = (out[key] ?? 0) + value;
  }
  return sortKeys(out);
}

function sortKeys(counts: SummaryCounts): SummaryCounts {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
