// Typed errors of the domain and the store. Each names the field it is about (when there is one) and carries
// a stable reason code, so adapters can map it to HTTP problems or failure entries without parsing messages.
import type { ReasonCode } from "./reasonCodes.js";

/** What went wrong, coarse enough for an HTTP adapter to choose a status. */
export type DomainErrorKind = "validation" | "illegal_transition" | "not_found" | "conflict" | "store";

export class DomainError extends Error {
  override readonly name: string = "DomainError";
  constructor(
    readonly kind: DomainErrorKind,
    readonly reasonCode: ReasonCode,
    message: string,
    /** Dotted path of the offending field, e.g. `summaryCounts.total`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Bad input: the message starts with the field name so one line tells the caller what to fix. */
export class ValidationError extends DomainError {
  override readonly name = "ValidationError";
  constructor(field: string, detail: string) {
    super("validation", "validation_failed", `${field}: ${detail}`, field);
  }
}

/** A lifecycle transition the state machine forbids (rejected, never ignored). */
export class IllegalTransitionError extends DomainError {
  override readonly name = "IllegalTransitionError";
  constructor(field: "status" | "outcome", from: string, to: string) {
    super("illegal_transition", "validation_failed", `${field}: illegal transition ${from} → ${to}`, field);
  }
}

export class NotFoundError extends DomainError {
  override readonly name = "NotFoundError";
  constructor(what: string, id: string) {
    super("not_found", "validation_failed", `${what} ${id} not found`, "id");
  }
}

/** The store could not complete the operation (after the SDK's own retries) or lost a race it cannot win. */
export class StoreError extends DomainError {
  override readonly name = "StoreError";
  constructor(
    reasonCode: Extract<ReasonCode, "store_unavailable" | "store_conflict" | "unknown">,
    message: string,
    /** HTTP status the store answered, when it answered. */
    readonly statusCode?: number,
  ) {
    super(reasonCode === "store_conflict" ? "conflict" : "store", reasonCode, message);
  }
}
