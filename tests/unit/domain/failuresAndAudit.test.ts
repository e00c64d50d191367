import { describe, expect, it } from "vitest";

import { deterministicAuditId, randomAuditId } from "../../../shared/domain/auditIds.js";
import { sanitizeAuditDetails, validateAuditEntry } from "../../../shared/domain/auditRules.js";
import { StoreError, ValidationError } from "../../../shared/domain/errors.js";
import {
  MAX_FAILURES_PER_RUN,
  failureFromError,
  makeFailure,
  normalizeFailures,
  reasonCodeOf,
} from "../../../shared/domain/failures.js";

describe("failures", () => {
  it("builds sanitized entries with stable reason codes", () => {
    const f = makeFailure({
      code: "assignments.fetch.item",
      reasonCode: "graph_throttled",
      message: "429 with Bearer abcdefgh",
      itemId: "pol-1",
    });
    expect(f).toEqual({
      code: "assignments.fetch.item",
      reasonCode: "graph_throttled",
      message: "429 with Bearer [redacted]",
      itemId: "pol-1",
    });
  });

  it("rejects an unknown reason code or empty step code, naming the field", () => {
    expect(() => makeFailure({ code: "x", reasonCode: "nope" as never, message: "m" })).toThrowError(
      /^failure\.reasonCode:/,
    );
    expect(() => makeFailure({ code: "", reasonCode: "unknown", message: "m" })).toThrowError(
      /^failure\.code:/,
    );
  });

  it("keeps the reason code of typed errors and maps the rest to unknown", () => {
    expect(reasonCodeOf(new StoreError("store_unavailable", "down", 503))).toBe("store_unavailable");
    expect(reasonCodeOf({ reasonCode: "graph_forbidden" })).toBe("graph_forbidden");
    expect(reasonCodeOf(new Error("x"))).toBe("unknown");
    expect(failureFromError("step", new ValidationError("field", "bad"), "i-1")).toMatchObject({
      reasonCode: "validation_failed",
      message: "field: bad",
      itemId: "i-1",
    });
  });

  it("de-duplicates and bounds the list", () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      code: "step",
      reasonCode: "unknown" as const,
      message: "m",
      itemId: `i-${String(i % 150)}`,
    }));
    const out = normalizeFailures(many);
    expect(out).toHaveLength(MAX_FAILURES_PER_RUN);
    expect(new Set(out.map((f) => f.itemId)).size).toBe(MAX_FAILURES_PER_RUN);
  });
});

describe("audit ids and entries", () => {
  it("derives the same id for the same action and run, different otherwise", () => {
    const a = deterministicAuditId("restore.assignments.executed", "run-1");
    expect(a).toMatch(/^audit-[a-f0-9]{64}$/);
    expect(deterministicAuditId("restore.assignments.executed", "run-1")).toBe(a);
    expect(deterministicAuditId("restore.assignments.executed", "run-2")).not.toBe(a);
    expect(deterministicAuditId("ops.run.reconciled", "run-1")).not.toBe(a);
    expect(randomAuditId()).not.toBe(randomAuditId());
  });

  const entry = {
    id: "audit-1",
    docType: "audit",
    workspaceId: "ws-1",
    tenantId: "tenant-1",
    actor: { userId: "u-1", name: "Oscar", kind: "user" },
    action: "restore.assignments.executed",
    target: { type: "restoreRun", id: "rr-1" },
    outcome: "succeeded",
    runId: "run-1",
    details: { created: 2 },
    timestamp: "2026-01-01T10:00:00.000Z",
  };

  it("accepts a valid entry and keeps it immutable", () => {
    const parsed = validateAuditEntry(entry);
    expect(parsed.action).toBe("restore.assignments.executed");
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it("requires a workspace when a tenant is set, naming the field", () => {
    expect(() => validateAuditEntry({ ...entry, workspaceId: "" })).toThrowError(
      /^workspaceId: is required when tenantId is set/,
    );
    expect(() => validateAuditEntry({ ...entry, action: "Bad Action" })).toThrowError(/^action:/);
    expect(() => validateAuditEntry({ ...entry, timestamp: "yesterday" })).toThrowError(/^timestamp:/);
  });

  it("sanitizes detail values", () => {
    expect(sanitizeAuditDetails({ by: "a@b.com", n: 2, raw: { token: "x" }, ids: ["x@y.org"] })).toEqual({
      by: "[email]",
      n: 2,
      raw: "[payload]",
      ids: ["[email]"],
    });
  });
});
