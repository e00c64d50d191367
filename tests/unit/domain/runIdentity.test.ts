import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ValidationError } from "../../../shared/domain/errors.js";
import { canonicalJson, computeRunIdentityHash } from "../../../shared/domain/runIdentity.js";

/** Rebuilds an object with its keys inserted in a shuffled order (deeply). */
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const shuffled = entries
    .map((e, i) => ({ e, k: Math.sin(seed * 31 + i * 17) }))
    .sort((a, b) => a.k - b.k)
    .map(({ e }) => e);
  return Object.fromEntries(shuffled.map(([k, v], i) => [k, shuffleKeys(v, seed + i + 1)]));
}

describe("canonicalJson", () => {
  it("does not depend on key order (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
      }),
    );
  });

  it("is valid JSON that parses back to an equal value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("rejects values JSON cannot represent, naming the field", () => {
    expect(() => canonicalJson({ a: { b: Number.NaN } }, "identityInputs")).toThrowError(
      /identityInputs\.a\.b: must be a finite number/,
    );
  });
});

describe("computeRunIdentityHash", () => {
  const base = {
    workspaceId: "ws-1",
    tenantId: "tenant-1",
    type: "assignments.fetch" as const,
    identityInputs: { backupItemId: "item-1" },
  };

  it("is a sha256 hex digest and deterministic", () => {
    const h = computeRunIdentityHash(base);
    expect(h).toMatch(/^[a-f0-9]{64}$/);
    expect(computeRunIdentityHash({ ...base })).toBe(h);
  });

  it("ignores fields the type does not list and their order (property)", () => {
    const h = computeRunIdentityHash(base);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== "backupItemId" && k !== "__proto__"),
          fc.jsonValue(),
        ),
        fc.boolean(),
        (extra, first) => {
          const identityInputs = first
            ? { backupItemId: "item-1", ...extra }
            : { ...extra, backupItemId: "item-1" };
          expect(computeRunIdentityHash({ ...base, identityInputs })).toBe(h);
        },
      ),
    );
  });

  it("changes with scope, type and identity inputs", () => {
    const h = computeRunIdentityHash(base);
    expect(computeRunIdentityHash({ ...base, tenantId: "tenant-2" })).not.toBe(h);
    expect(computeRunIdentityHash({ ...base, workspaceId: "ws-2" })).not.toBe(h);
    expect(computeRunIdentityHash({ ...base, identityInputs: { backupItemId: "item-2" } })).not.toBe(h);
    expect(
      computeRunIdentityHash({
        ...base,
        type: "assignments.restore",
        identityInputs: { restoreRunId: "item-1" },
      }),
    ).not.toBe(h);
  });

  it("scopes workspace-level types by workspace only", () => {
    const a = computeRunIdentityHash({
      workspaceId: "ws-1",
      tenantId: null,
      type: "ops.reconcile_adapter_runs",
      identityInputs: {},
    });
    const b = computeRunIdentityHash({
      workspaceId: "ws-2",
      tenantId: null,
      type: "ops.reconcile_adapter_runs",
      identityInputs: { anything: 1 },
    });
    expect(a).not.toBe(b);
  });

  it("rejects a wrong scope or a missing identity input, naming the field", () => {
    expect(() => computeRunIdentityHash({ ...base, tenantId: null })).toThrowError(ValidationError);
    expect(() => computeRunIdentityHash({ ...base, tenantId: null })).toThrowError(/^tenantId:/);
    expect(() =>
      computeRunIdentityHash({
        workspaceId: "w",
        tenantId: "t",
        type: "ops.reconcile_adapter_runs",
        identityInputs: {},
      }),
    ).toThrowError(/^tenantId: must be null/);
    expect(() => computeRunIdentityHash({ ...base, identityInputs: {} })).toThrowError(
      /^identityInputs\.backupItemId: is required/,
    );
    expect(() => computeRunIdentityHash({ ...base, identityInputs: { backupItemId: 7 } })).toThrowError(
      /^identityInputs\.backupItemId: must be a non-empty string/,
    );
  });
});
