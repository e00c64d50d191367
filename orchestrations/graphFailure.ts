// Splits Graph failures into those an activity records per item and those it rethrows so Durable retries it.
import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";
import { PolicyGraphError } from "../shared/ports/policyGraph.js";

const transient: ReadonlySet<ReasonCode> = new Set([
  "graph_throttled",
  "graph_unavailable",
  "dependency_timeout",
]);

/** A PolicyGraphError that retrying the activity cannot fix (forbidden, not found, bad request...). */
export function permanentGraphError(error: unknown): PolicyGraphError | null {
  return error instanceof PolicyGraphError && !transient.has(error.reasonCode) ? error : null;
}

export function isTransient(reasonCode: ReasonCode): boolean {
  return transient.has(reasonCode);
}

export function failureEntry(
  code: string,
  reasonCode: ReasonCode,
  message: string,
  itemId?: string,
): FailureEntry {
  return { code, reasonCode, message: message.slice(0, 500), ...(itemId === undefined ? {} : { itemId }) };
}
