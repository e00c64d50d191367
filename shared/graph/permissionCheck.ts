// Connection check: which application roles the app needs in a tenant and which its token lacks.
import { directoryReadRoles, policyTypes, type PolicyTypeInfo } from "./policyTypes.js";
import { tokenRoles, type TenantTokenProvider } from "./tenantTokenProvider.js";

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
