// Deterministic audit ids for facts that must be recorded exactly once (one audit entry per restore
// execution, one per reconcile repair): the same action on the same subject always yields the same id, so a
// second `create` answers 409 instead of writing a duplicate.
import { createHash, randomUUID } from "node:crypto";

import { ValidationError } from "./errors.js";

/** `audit-` + sha256(action, subject) in hex; valid as a Cosmos id. */
export function deterministicAuditId(action: string, subjectId: string): string {
  if (action.length === 0) throw new ValidationError("action", "must be non-empty");
  if (subjectId.length === 0) throw new ValidationError("runId", "must be non-empty");
  const digest = createHash("sha256").update(`${action}\n${subjectId}`, "utf8").digest("hex");
  return `audit-${digest}`;
}

/** For entries that are naturally unique events (a login, a denied request). */
export function randomAuditId(): string {
  return `audit-${randomUUID()}`;
}
