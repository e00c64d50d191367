// A large generated tenant (N policies, seeded) with a documented, realistic mix of policy types.
import type { Fixture, FixturePolicy } from "./fixtureSchema.js";
import type { SimTypeKey } from "./intuneTypes.js";
import { seededRandom, stableId } from "./stableId.js";

/**
 * Share of each type in a large tenant (see README "Generated tenants"): settings catalog is the default for
 * new profiles, apps are numerous in big estates, app protection and Autopilot profiles are few.
 */
export const realisticMix: Readonly<Record<SimTypeKey, number>> = {
  configurationPolicies: 0.3,
  deviceConfigurations: 0.22,
  mobileApps: 0.18,
  deviceCompliancePolicies: 0.08,
  groupPolicyConfigurations: 0.06,
  deviceManagementScripts: 0.05,
  deviceHealthScripts: 0.04,
  managedAppPolicies: 0.03,
  deviceEnrollmentConfigurations: 0.03,
  windowsAutopilotDeploymentProfiles: 0.01,
};

export interface GenerateOptions {
  tenantId: string;
  displayName?: string;
  policies: number;
  seed?: number;
  groups?: number;
  filters?: number;
  /** Maximum assignments per policy (0..max, uniformly). */
  maxAssignments?: number;
  mix?: Partial<Record<SimTypeKey, number>>;
}

const odataTypes: Partial<Record<SimTypeKey, string[]>> = {
  deviceConfigurations: [
    "#microsoft.graph.windows10GeneralConfiguration",
    "#microsoft.graph.iosGeneralDeviceConfiguration",
    "#microsoft.graph.windows10CustomConfiguration",
  ],
  deviceCompliancePolicies: [
    "#microsoft.graph.windows10CompliancePolicy",
    "#microsoft.graph.iosCompliancePolicy",
    "#microsoft.graph.androidWorkProfileCompliancePolicy",
  ],
  mobileApps: [
    "#microsoft.graph.win32LobApp",
    "#microsoft.graph.iosVppApp",
    "#microsoft.graph.managedAndroidStoreApp",
  ],
  managedAppPolicies: [
    "#microsoft.graph.iosManagedAppProtection",
    "#microsoft.graph.androidManagedAppProtection",
  ],
};

/** Counts per type for N policies (largest remainder, so they sum to N). */
export function countsForMix(n: number, mix: Readonly<Record<string, number>>): Map<SimTypeKey, number> {
  const entries = Object.entries(mix) as [SimTypeKey, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const exact = entries.map(([k, w]) => [k, (n * w) / total] as const);
  const counts = new Map<SimTypeKey, number>(exact.map(([k, x]) => [k, Math.floor(x)]));
  let left = n - [...counts.values()].reduce((s, c) => s + c, 0);
  for (const [k] of [...exact].sort((a, b) => (b[1] % 1) - (a[1] % 1))) {
    if (left-- <= 0) break;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function generateTenant(o: GenerateOptions): Fixture {
  const rnd = seededRandom(o.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const groups = Array.from({ length: o.groups ?? 200 }, (_, i) => ({
    id: stableId(`${o.tenantId}/group/${i}`),
    displayName: `GEN - Group ${String(i).padStart(4, "0")}`,
  }));
  const filters = Array.from({ length: o.filters ?? 10 }, (_, i) => ({
    id: stableId(`${o.tenantId}/filter/${i}`),
    displayName: `GEN - Filter ${i}`,
    platform: "windows10AndLater",
    rule: `(device.deviceName -startsWith "GEN${i}")`,
  }));
  const maxAssignments = o.maxAssignments ?? 4;
  const policies: FixturePolicy[] = [];
  for (const [type, count] of countsForMix(o.policies, { ...realisticMix, ...(o.mix ?? {}) })) {
    for (let i = 0; i < count; i++) {
      const assignments: NonNullable<FixturePolicy["assignments"]> = [];
      const nAssign = Math.floor(rnd() * (maxAssignments + 1));
      const used = new Set<string>();
      for (let a = 0; a < nAssign; a++) {
        const r = rnd();
        const group = pick(groups);
        const kind =
          r < 0.7 || type === "windowsAutopilotDeploymentProfiles"
            ? "#microsoft.graph.groupAssignmentTarget"
            : r < 0.85
              ? "#microsoft.graph.exclusionGroupAssignmentTarget"
              : r < 0.93
                ? "#microsoft.graph.allDevicesAssignmentTarget"
                : "#microsoft.graph.allLicensedUsersAssignmentTarget";
        // A policy holds each target once: a group once, and "all devices" / "all users" once each (Intune
        // refuses a second one, with or without a filter).
        const targetKey = kind.includes("roupAssignmentTarget") ? group.id : kind;
        if (used.has(targetKey)) continue;
        used.add(targetKey);
        const target: Record<string, unknown> & { "@odata.type": typeof kind } = { "@odata.type": kind };
        if (kind.includes("roupAssignmentTarget")) target.groupId = group.id;
        if (!kind.includes("exclusion") && rnd() < 0.2 && filters.length > 0) {
          target.deviceAndAppManagementAssignmentFilterId = pick(filters).id;
          target.deviceAndAppManagementAssignmentFilterType = rnd() < 0.5 ? "include" : "exclude";
        }
        assignments.push(
          type === "mobileApps" ? { target, intent: pick(["required", "available"]) } : { target },
        );
      }
      const odataChoices = odataTypes[type];
      const policy: FixturePolicy = {
        type,
        id: stableId(`${o.tenantId}/${type}/${i}`),
        displayName: `GEN ${type} ${String(i).padStart(5, "0")}`,
        assignments,
      };
      if (odataChoices !== undefined) policy.odataType = pick(odataChoices);
      if (type === "configurationPolicies")
        policy.properties = {
          settingCount: 1 + Math.floor(rnd() * 40),
          platforms: "windows10",
          technologies: "mdm",
        };
      policies.push(policy);
    }
  }
  return {
    tenantId: o.tenantId,
    displayName: o.displayName ?? "Generated tenant",
    groups,
    filters,
    policies,
  };
}
