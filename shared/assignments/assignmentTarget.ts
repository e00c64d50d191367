// Graph assignment targets (group include/exclude, all devices, all licensed users) with their optional filter.
import { z } from "zod";

export const assignmentFilterTypeSchema = z.enum(["none", "include", "exclude"]);
export type AssignmentFilterType = z.infer<typeof assignmentFilterTypeSchema>;

/** Filter fields every target may carry; Graph sends `null`/`"none"` when no filter is set. */
const filterFields = {
  deviceAndAppManagementAssignmentFilterId: z.string().min(1).nullable().optional(),
  deviceAndAppManagementAssignmentFilterType: assignmentFilterTypeSchema.nullable().optional(),
};

export const groupAssignmentTargetSchema = z.looseObject({
  "@odata.type": z.literal("#microsoft.graph.groupAssignmentTarget"),
  groupId: z.string().min(1),
  ...filterFields,
});

export const exclusionGroupAssignmentTargetSchema = z.looseObject({
  "@odata.type": z.literal("#microsoft.graph.exclusionGroupAssignmentTarget"),
  groupId: z.string().min(1),
  ...filterFields,
});

export const allDevicesAssignmentTargetSchema = z.looseObject({
  "@odata.type": z.literal("#microsoft.graph.allDevicesAssignmentTarget"),
  ...filterFields,
});

export const allLicensedUsersAssignmentTargetSchema = z.looseObject({
  "@odata.type": z.literal("#microsoft.graph.allLicensedUsersAssignmentTarget"),
  ...filterFields,
});

export const assignmentTargetSchema = z.discriminatedUnion("@odata.type", [
  groupAssignmentTargetSchema,
  exclusionGroupAssignmentTargetSchema,
  allDevicesAssignmentTargetSchema,
  allLicensedUsersAssignmentTargetSchema,
]);
export type AssignmentTarget = z.infer<typeof assignmentTargetSchema>;

export type GroupTarget =
  z.infer<typeof groupAssignmentTargetSchema> | z.infer<typeof exclusionGroupAssignmentTargetSchema>;

export function isGroupTarget(target: AssignmentTarget): target is GroupTarget {
  const type = target["@odata.type"].toLowerCase();
  return (
    type === "#microsoft.graph.groupassignmenttarget" ||
    type === "#microsoft.graph.exclusiongroupassignmenttarget"
  );
}

/** The filter a target really applies, or null: a filter id with type `none` (or no id) means no filter. */
export function effectiveFilter(
  target: AssignmentTarget,
): { filterId: string; filterType: "include" | "exclude" } | null {
  const filterId = target.deviceAndAppManagementAssignmentFilterId;
  const filterType = target.deviceAndAppManagementAssignmentFilterType;
  if (filterId === null || filterId === undefined) return null;
  if (filterType !== "include" && filterType !== "exclude") return null;
  return { filterId, filterType };
}
