// What each workspace role may do. The one table every endpoint's authorization reads (see authorize.ts).
import type { Role } from "../domain/directory.js";

export const capabilities = [
  /** Any member: the workspace itself, the caller's own notifications. */
  "workspace.view",
  "runs.view",
  "tenants.view",
  "backups.view",
  "audit.view",
  "backups.start",
  "restores.create",
  "restores.execute",
  "runs.cancel",
  "runs.retry",
  "connections.verify",
  "tenants.onboard",
  "members.manage",
  "reconcile.run",
] as const;
export type Capability = (typeof capabilities)[number];

const readonly: readonly Capability[] = [
  "workspace.view",
  "runs.view",
  "tenants.view",
  "backups.view",
  "audit.view",
];
const operator: readonly Capability[] = [
  ...readonly,
  "backups.start",
  "restores.create",
  "restores.execute",
  "runs.cancel",
  "runs.retry",
  "connections.verify",
];
const owner: readonly Capability[] = [...operator, "tenants.onboard", "members.manage", "reconcile.run"];

export const capabilitiesByRole: Readonly<Record<Role, ReadonlySet<Capability>>> = {
  readonly: new Set(readonly),
  operator: new Set(operator),
  owner: new Set(owner),
};

export function roleHasCapability(role: Role, capability: Capability): boolean {
  return capabilitiesByRole[role].has(capability);
}

const rank: Readonly<Record<Role, number>> = { readonly: 0, operator: 1, owner: 2 };

/** The lower of two roles (an app's role is capped by its app roles). */
export function lowerRole(a: Role, b: Role): Role {
  return rank[a] <= rank[b] ? a : b;
}

export function higherRole(a: Role, b: Role): Role {
  return rank[a] >= rank[b] ? a : b;
}
