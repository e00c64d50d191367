// Failure entries of a run: a stable step code, a reason code from the taxonomy, a sanitized message and
// optionally the item it concerns. Built here so no caller can store an unsanitized message. Every failure
// goes to the run's failure log (one document each, deterministic id); the run itself keeps a preview of the
// first ones and, on completion, the count per reason code over the whole log.
import { createHash } from "node:crypto";

import { failureEntrySchema, type FailureCounts, type FailureEntry } from "./operationRun.js";
import { reasonCodeSchema, type ReasonCode } from "./reasonCodes.js";
import { DomainError, ValidationError } from "./errors.js";
import { sanitizeMessage } from "./sanitize.js";

/** A run document keeps at most this many failure entries as a preview; the failure log keeps all. */
export const MAX_FAILURES_PER_RUN = 100;

export interface FailureInput {
  code: string;
  reasonCode: ReasonCode;
  message: unknown;
  itemId?: string | undefined;
  itemName?: string | undefined;
}

export function makeFailure(input: FailureInput): FailureEntry {
  const candidate = {
    code: input.code,
    reasonCode: input.reasonCode,
    message: sanitizeMessage(input.message),
    ...(input.itemId === undefined ? {} : { itemId: input.itemId }),
    ...(input.itemName === undefined ? {} : { itemName: sanitizeMessage(input.itemName, 200) }),
  };
  const parsed = failureEntrySchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      `failure.${issue?.path.map(String).join(".") ?? ""}`,
      issue?.message ?? "invalid",
    );
  }
  return parsed.data;
}

/** Reason code of anything thrown: typed domain/store errors keep theirs, everything else is `unknown`. */
export function reasonCodeOf(error: unknown): ReasonCode {
  if (error instanceof DomainError) return error.reasonCode;
  if (typeof error === "object" && error !== null && "reasonCode" in error) {
    const parsed = reasonCodeSchema.safeParse(error.reasonCode);
    if (parsed.success) return parsed.data;
  }
  return "unknown";
}

export function failureFromError(code: string, error: unknown, itemId?: string): FailureEntry {
  return makeFailure({ code, reasonCode: reasonCodeOf(error), message: error, itemId });
}

/**
 * Re-sanitizes, de-duplicates (same code, reason and item) and bounds a failure list; the first occurrence
 * of a duplicate wins so the earliest cause stays visible.
 */
export function normalizeFailures(failures: readonly FailureEntry[]): FailureEntry[] {
  const seen = new Set<string>();
  const out: FailureEntry[] = [];
  for (const [index, f] of failures.entries()) {
    let entry: FailureEntry;
    try {
      entry = makeFailure(f);
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(
          `failures.${String(index)}.${error.field?.replace(/^failure\./, "") ?? ""}`,
          error.message,
        );
      }
      throw error;
    }
    const key = failureKey(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
    if (out.length >= MAX_FAILURES_PER_RUN) break;
  }
  return out;
}

/** Identity of a failure within its run: the same step, reason and item is one failure, however often seen. */
function failureKey(entry: FailureEntry): string {
  return `${entry.code}\u0000${entry.reasonCode}\u0000${entry.itemId ?? ""}`;
}

/**
 * Deterministic id of a failure log document: a retried activity that records the same failure again
 * overwrites it instead of adding one.
 */
export function failureLogId(runId: string, entry: FailureEntry): string {
  return createHash("sha256")
    .update(`${runId}\u0000${failureKey(entry)}`)
    .digest("hex")
    .slice(0, 40);
}

/**
 * Order of the failure log: grouped by reason code, then by item, then step. One string field, so a page
 * needs a single-field index and a resumed page is stable while failures are still being recorded.
 */
export function failureSortKey(entry: FailureEntry): string {
  return `${entry.reasonCode}\u0000${entry.itemId ?? ""}\u0000${entry.code}`;
}

/** Per reason code, the distinct failures of a list. */
export function countFailuresByReason(failures: readonly FailureEntry[]): FailureCounts {
  const seen = new Set<string>();
  const counts: FailureCounts = {};
  for (const f of failures) {
    const key = failureKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    counts[f.reasonCode] = (counts[f.reasonCode] ?? 0) + 1;
  }
  return counts;
}
