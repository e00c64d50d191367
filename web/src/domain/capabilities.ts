// What the signed-in user may do in a workspace. The API's `capabilities` list is authoritative; the
// role is a fallback, and `requiredRole` names the reason shown next to a disabled or hidden action.
import type { Role, WorkspaceAccess } from "./contracts.js";

export type Capability =
  | "runs.view"
  | "tenants.view"
  | "backups.view"
  | "audit.view"
  | "backups.start"
  | "restores.create"
  | "restores.execute"
  | "runs.cancel"
  | "runs.retry"
  | "tenants.onboard"
  | "members.manage"
  | "reconcile.run";

const minimumRole: Record<Capability, Role> = {
  "runs.view": "readonly",
  "tenants.view": "readonly",
  "backups.view": "readonly",
  "audit.view": "readonly",
  "backups.start": "operator",
  "restores.create": "operator",
  "restores.execute": "operator",
  "runs.cancel": "operator",
  "runs.retry": "operator",
  "tenants.onboard": "owner",
  "members.manage": "owner",
  "reconcile.run": "owner",
};

const rank: Record<Role, number> = { readonly: 0, operator: 1, owner: 2 };

export function can(access: WorkspaceAccess, capability: Capability): boolean {
  if (access.capabilities.length > 0) return access.capabilities.includes(capability);
  return rank[access.role] >= rank[minimumRole[capability]];
}

export function requiredRole(capability: Capability): Role {
  return minimumRole[capability];
}

export function reasonMissing(capability: Capability): string {
  return `Requires the ${requiredRole(capability)} role in this workspace.`;
}
