// In-memory truth of every simulated tenant: apps (consented roles), groups, filters, policies + assignments.
import { randomUUID } from "node:crypto";
import { fixtureSchema, type ParsedFixture } from "./fixtureSchema.js";
import { simTypes, type SimTypeKey } from "./intuneTypes.js";

export interface SimAssignment {
  id: string;
  target: Record<string, unknown>;
  intent?: string;
  source?: string;
}

export interface SimPolicy {
  id: string;
  type: SimTypeKey;
  odataType: string;
  properties: Record<string, unknown>;
  assignments: SimAssignment[];
}

export interface SimApp {
  clientSecret: string;
  roles: string[];
}

export interface SimGroup {
  id: string;
  displayName: string;
  description?: string | undefined;
}

export interface SimFilter {
  id: string;
  displayName: string;
  platform: string;
  rule: string;
}

export interface SimTenant {
  id: string;
  displayName: string;
  apps: Map<string, SimApp>;
  groups: Map<string, SimGroup>;
  filters: Map<string, SimFilter>;
  policies: Map<SimTypeKey, Map<string, SimPolicy>>;
  /** Tokens issued before this instant (ms) are refused (admin "revoke tokens"). */
  tokensValidAfter: number;
}

export const defaultOdataType: Readonly<Record<SimTypeKey, string>> = {
  deviceConfigurations: "#microsoft.graph.windows10GeneralConfiguration",
  configurationPolicies: "#microsoft.graph.deviceManagementConfigurationPolicy",
  deviceCompliancePolicies: "#microsoft.graph.windows10CompliancePolicy",
  groupPolicyConfigurations: "#microsoft.graph.groupPolicyConfiguration",
  deviceManagementScripts: "#microsoft.graph.deviceManagementScript",
  deviceHealthScripts: "#microsoft.graph.deviceHealthScript",
  mobileApps: "#microsoft.graph.win32LobApp",
  managedAppPolicies: "#microsoft.graph.iosManagedAppProtection",
  windowsAutopilotDeploymentProfiles: "#microsoft.graph.azureADWindowsAutopilotDeploymentProfile",
  deviceEnrollmentConfigurations: "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration",
};

/** Stable key of a target, used to ignore duplicated targets as Graph does. */
export function targetKey(target: Record<string, unknown>): string {
  const type = String(target["@odata.type"]);
  const group = typeof target.groupId === "string" ? target.groupId.toLowerCase() : "";
  return `${type}|${group}`;
}

export function newAssignmentId(policyId: string, target: Record<string, unknown>): string {
  const group =
    typeof target.groupId === "string" ? target.groupId : String(target["@odata.type"]).split(".").pop();
  return `${policyId}_${group ?? randomUUID()}`;
}

export function emptyPolicies(): Map<SimTypeKey, Map<string, SimPolicy>> {
  return new Map(simTypes.map((t) => [t.key, new Map<string, SimPolicy>()]));
}

/** Builds a tenant from a fixture (validated with zod; ids generated where absent). */
export function tenantFromFixture(input: unknown, defaultApps: ReadonlyMap<string, SimApp>): SimTenant {
  const fx: ParsedFixture = fixtureSchema.parse(input);
  const apps = new Map<string, SimApp>(
    fx.apps === undefined
      ? [...defaultApps].map(([id, app]) => [id, { clientSecret: app.clientSecret, roles: [...app.roles] }])
      : fx.apps.map((a) => [a.clientId, { clientSecret: a.clientSecret, roles: a.roles }]),
  );
  const tenant: SimTenant = {
    id: fx.tenantId,
    displayName: fx.displayName,
    apps,
    groups: new Map(fx.groups.map((g) => [g.id, { ...g }])),
    filters: new Map(fx.filters.map((f) => [f.id, { ...f }])),
    policies: emptyPolicies(),
    tokensValidAfter: 0,
  };
  const now = new Date().toISOString();
  for (const p of fx.policies) {
    const id = p.id ?? randomUUID();
    const nameProps: Record<string, unknown> =
      p.type === "configurationPolicies" ? { name: p.displayName } : { displayName: p.displayName };
    const policy: SimPolicy = {
      id,
      type: p.type,
      odataType: p.odataType ?? defaultOdataType[p.type],
      properties: { createdDateTime: now, lastModifiedDateTime: now, ...nameProps, ...(p.properties ?? {}) },
      assignments: p.assignments.map((a) => {
        const target = { ...a.target } as Record<string, unknown>;
        const out: SimAssignment = { id: a.id ?? newAssignmentId(id, target), target };
        if (a.intent !== undefined) out.intent = a.intent;
        return out;
      }),
    };
    tenant.policies.get(p.type)?.set(id, policy);
  }
  return tenant;
}

export function policyName(p: SimPolicy): string {
  const n = p.properties.displayName ?? p.properties.name;
  return typeof n === "string" ? n : p.id;
}

/** The tenant's truth for comparison in tests: policies with assignments, groups and filters. */
export function exportTenant(t: SimTenant): unknown {
  const policies = [...t.policies.values()].flatMap((m) =>
    [...m.values()].map((p) => ({
      type: p.type,
      id: p.id,
      odataType: p.odataType,
      displayName: policyName(p),
      assignments: p.assignments.map((a) => ({ ...a })),
    })),
  );
  return {
    tenantId: t.id,
    displayName: t.displayName,
    groups: [...t.groups.values()],
    filters: [...t.filters.values()],
    policies,
  };
}
