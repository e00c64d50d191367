// fast-check generators for Graph assignments, shared by assignment and restore tests.
import fc from "fast-check";

import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";

export const groupIds = ["g-1", "g-2", "g-3", "G-4"] as const;
export const filterIds = ["f-1", "f-2"] as const;

const filterPart = fc.oneof(
  fc.constant({}),
  fc.record({
    deviceAndAppManagementAssignmentFilterId: fc.constantFrom(...filterIds),
    deviceAndAppManagementAssignmentFilterType: fc.constantFrom("include" as const, "exclude" as const),
  }),
  fc.constant({
    deviceAndAppManagementAssignmentFilterId: null,
    deviceAndAppManagementAssignmentFilterType: "none" as const,
  }),
);

export const assignmentArb: fc.Arbitrary<PolicyAssignment> = fc
  .tuple(
    fc.constantFrom("group", "exclusion", "allDevices", "allUsers"),
    fc.constantFrom(...groupIds),
    filterPart,
    fc.option(fc.uuid(), { nil: undefined }),
  )
  .map(([kind, groupId, filter, id]) => {
    const target =
      kind === "group"
        ? { "@odata.type": "#microsoft.graph.groupAssignmentTarget" as const, groupId, ...filter }
        : kind === "exclusion"
          ? { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget" as const, groupId, ...filter }
          : kind === "allDevices"
            ? { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" as const, ...filter }
            : { "@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget" as const, ...filter };
    return id === undefined ? { target } : { id, target };
  });

export const assignmentSetArb = fc.array(assignmentArb, { maxLength: 8 });

export function group(groupId: string, extra: Record<string, unknown> = {}): PolicyAssignment {
  return { target: { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId, ...extra } };
}

export function exclusion(groupId: string, extra: Record<string, unknown> = {}): PolicyAssignment {
  return { target: { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", groupId, ...extra } };
}

export function allDevices(extra: Record<string, unknown> = {}): PolicyAssignment {
  return { target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", ...extra } };
}
