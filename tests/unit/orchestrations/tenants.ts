// Small generated tenants for orchestration tests.
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import type { FakeTenant } from "./fakes.js";

const g = (groupId: string, filterId?: string): PolicyAssignment => ({
  target: {
    "@odata.type": "#microsoft.graph.groupAssignmentTarget",
    groupId,
    ...(filterId === undefined
      ? {}
      : {
          deviceAndAppManagementAssignmentFilterId: filterId,
          deviceAndAppManagementAssignmentFilterType: "include",
        }),
  },
});
const x = (groupId: string): PolicyAssignment => ({
  target: { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", groupId },
});

/** Tenant A: `n` policies per type, assignments cycling through groups and a filter. */
export function tenantA(n: number): FakeTenant {
  const groups = ["Sales", "HR", "IT", "Finance"].map((name, i) => ({ id: `a-g${i}`, displayName: name }));
  const filters = [{ id: "a-f0", displayName: "Win11" }];
  const assignmentsFor = (i: number): PolicyAssignment[] =>
    i % 4 === 0
      ? []
      : i % 4 === 1
        ? [g("a-g0")]
        : i % 4 === 2
          ? [g("a-g1", "a-f0"), x("a-g2")]
          : [g("a-g3"), g("a-g0"), { id: "dup", ...g("a-g0") }];
  const policies = (type: string) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${type}-${i}`,
      displayName: `${type} policy ${i}`,
      assignments: assignmentsFor(i).map((a, k) => ({ ...a, id: a.id ?? `${type}-${i}-a${k}` })),
    }));
  return {
    policies: {
      deviceConfigurations: policies("deviceConfigurations"),
      managedAppPolicies: policies("managedAppPolicies"),
    },
    groups,
    filters,
  };
}

/** Tenant B: same policy names with other ids and no assignments; groups by name except `Finance`. */
export function tenantB(n: number): FakeTenant {
  const policies = (type: string) =>
    Array.from({ length: n }, (_, i) => ({
      id: `b-${type}-${i}`,
      displayName: `${type} policy ${i}`,
      assignments: [],
    }));
  return {
    policies: {
      deviceConfigurations: policies("deviceConfigurations"),
      managedAppPolicies: policies("managedAppPolicies"),
    },
    groups: ["Sales", "HR", "IT"].map((name, i) => ({ id: `b-g${i}`, displayName: name })),
    filters: [{ id: "b-f0", displayName: "Win11" }],
  };
}
