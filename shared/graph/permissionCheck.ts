// Connection check: which application roles the app needs in a tenant and which its token lacks; and the
// connection verification (spec 086 `provider_connection.verify`) built on it: one entry per permission to
// grant, a missing one blocks the run with `provider_permission_denied` naming it.
import type { TokenCredential } from "@azure/identity";

import { makeFailure, reasonCodeOf } from "../domain/failures.js";
import type { FailureEntry } from "../domain/operationRun.js";
import { directoryReadRoles, policyTypes, type PolicyTypeInfo } from "./policyTypes.js";
import { TenantTokenProvider, tokenRoles } from "./tenantTokenProvider.js";

export interface PermissionRequirement {
  /** What needs it, e.g. `configurationPolicies (read)` or `groups`. */
  purpose: string;
  /** Any one of these roles satisfies the requirement. */
  anyOf: readonly string[];
}

export interface PermissionReport {
  granted: string[];
  missing: PermissionRequirement[];
  ok: boolean;
}

export function requiredPermissions(
  access: "read" | "readWrite",
  types: readonly PolicyTypeInfo[] = policyTypes,
): PermissionRequirement[] {
  const out: PermissionRequirement[] = [];
  for (const t of types) {
    out.push({
      purpose: `${t.key} (${access === "read" ? "read" : "read/write"})`,
      anyOf: access === "read" ? t.readRoles : t.writeRoles,
    });
  }
  out.push({ purpose: "groups and filters lookup", anyOf: directoryReadRoles });
  return out;
}

export function checkRoles(
  granted: readonly string[],
  needed: readonly PermissionRequirement[],
): PermissionReport {
  const missing = needed.filter((n) => !n.anyOf.some((r) => granted.includes(r)));
  return { granted: [...granted], missing, ok: missing.length === 0 };
}

/** Gets a token for the tenant and compares its `roles` with what backup (read) or restore (readWrite) needs. */
export async function checkTenantPermissions(
  tokens: TenantTokenProvider,
  access: "read" | "readWrite",
): Promise<PermissionReport> {
  return checkRoles(tokenRoles(await tokens.getToken()), requiredPermissions(access));
}

// ---- connection verification (provider_connection.verify) ---------------------------------------------

/** One Graph application permission the app needs in a customer tenant, and what it is for. */
export interface ConnectionPermission {
  /** The permission to grant (admin consent), e.g. `DeviceManagementApps.ReadWrite.All`. */
  permission: string;
  /** Roles that satisfy it (the permission itself first, then broader equivalents). */
  anyOf: readonly string[];
  /** What needs it, e.g. `mobileApps (read/write)`. */
  purposes: string[];
}

/** Everything backup and restore need, one entry per permission to grant (in a stable order). */
export function connectionPermissions(): ConnectionPermission[] {
  const byKey = new Map<string, ConnectionPermission>();
  for (const need of requiredPermissions("readWrite")) {
    const [permission] = need.anyOf;
    if (permission === undefined) continue;
    const key = need.anyOf.join(" ");
    const entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, { permission, anyOf: need.anyOf, purposes: [need.purpose] });
    else entry.purposes.push(need.purpose);
  }
  return [...byKey.values()];
}

/** The verification's result as the run records it: counts per permission, one failure per missing one. */
export interface ConnectionVerification {
  outcome: "succeeded" | "blocked";
  summaryCounts: { total: number; succeeded: number; failed: number };
  failures: FailureEntry[];
  missing: string[];
}

export function verifyConnectionRoles(granted: readonly string[]): ConnectionVerification {
  const needed = connectionPermissions();
  const missing = needed.filter((n) => !n.anyOf.some((r) => granted.includes(r)));
  return {
    outcome: missing.length === 0 ? "succeeded" : "blocked",
    summaryCounts: {
      total: needed.length,
      succeeded: needed.length - missing.length,
      failed: missing.length,
    },
    failures: missing.map((m) =>
      makeFailure({
        code: "provider_connection.permission",
        reasonCode: "provider_permission_denied",
        message: `Missing Graph application permission ${m.permission} (needed for ${m.purposes.join(", ")}); grant it with admin consent in the tenant.`,
        itemId: m.permission,
      }),
    ),
    missing: missing.map((m) => m.permission),
  };
}

/** A token could not be acquired for the tenant: the run fails with the error's stable reason code. */
export function tokenFailure(error: unknown): FailureEntry {
  const reasonCode = reasonCodeOf(error);
  return makeFailure({
    code: "provider_connection.token",
    reasonCode: reasonCode === "unknown" ? "graph_unauthorized" : reasonCode,
    message: `No Graph token for the tenant: ${error instanceof Error ? error.message : "token request failed"}`,
  });
}

/** Application roles the app holds in a tenant, read from a freshly acquired Graph token (our tenant id). */
export interface TenantRoleSource {
  grantedRoles(tenantId: string): Promise<string[]>;
}

/**
 * Roles of a token from a new credential (no token cache: a consent revoked a minute ago must show); the
 * credential's errors surface as GraphRequestError (`graph_unauthorized`).
 */
export async function freshTokenRoles(createCredential: () => TokenCredential): Promise<string[]> {
  return tokenRoles(await new TenantTokenProvider(createCredential).getToken());
}
