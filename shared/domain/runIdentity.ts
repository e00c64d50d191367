// The run identity hash: sha256 over a canonical (key-sorted) JSON encoding of scope + type + the type's
// identity inputs. Equal operations get equal hashes whatever the key order or extra fields of the caller.
import { createHash } from "node:crypto";

import { operationDefinition, type IdentityInputSpec } from "./operationCatalog.js";
import type { OperationType } from "./operationTypes.js";
import { ValidationError } from "./errors.js";

/** JSON with object keys sorted at every level; rejects values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown, field = "value"): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new ValidationError(field, "must be a finite number");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonicalJson(v, `${field}.${String(i)}`)).join(",")}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k], `${field}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new ValidationError(field, `cannot encode a ${typeof value} as JSON`);
  }
}

export interface RunIdentity {
  workspaceId: string;
  tenantId: string | null;
  type: OperationType;
  identityInputs: Readonly<Record<string, unknown>>;
}

function canonicalInput(spec: IdentityInputSpec, value: unknown): unknown {
  const field = `identityInputs.${spec.name}`;
  if (value === undefined || value === null) throw new ValidationError(field, "is required for this type");
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string" || value.length === 0) {
        throw new ValidationError(field, "must be a non-empty string");
      }
      return value;
    case "stringSet":
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length === 0)) {
        throw new ValidationError(field, "must be an array of non-empty strings");
      }
      return [...new Set(value as string[])].sort();
    case "json":
      return value;
  }
}

/**
 * The scope is checked against the catalog: tenant-scoped types need a tenantId, workspace-scoped types must
 * not carry one. Inputs the catalog does not list are ignored, so they cannot split one identity in two.
 */
export function computeRunIdentityHash(identity: RunIdentity): string {
  const def = operationDefinition(identity.type);
  if (identity.workspaceId.length === 0) throw new ValidationError("workspaceId", "is required");
  if (def.scope === "tenant" && (identity.tenantId === null || identity.tenantId.length === 0)) {
    throw new ValidationError("tenantId", `is required for tenant-scoped type ${identity.type}`);
  }
  if (def.scope === "workspace" && identity.tenantId !== null) {
    throw new ValidationError("tenantId", `must be null for workspace-scoped type ${identity.type}`);
  }
  const inputs: Record<string, unknown> = {};
  for (const spec of def.identityInputs) {
    inputs[spec.name] = canonicalInput(spec, identity.identityInputs[spec.name]);
  }
  const scope =
    def.scope === "tenant"
      ? { kind: "tenant", workspaceId: identity.workspaceId, tenantId: identity.tenantId }
      : { kind: "workspace", workspaceId: identity.workspaceId };
  const canonical = canonicalJson({ v: 1, scope, type: identity.type, inputs }, "identityInputs");
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
