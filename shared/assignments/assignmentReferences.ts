// Groups and filters an assignment set refers to, with display names resolved at backup time so a restore
// can map them by name in another tenant.
import { z } from "zod";

import { effectiveFilter, isGroupTarget } from "./assignmentTarget.js";
import type { PolicyAssignment } from "./policyAssignment.js";

export const directoryReferenceSchema = z.object({
  id: z.string().min(1),
  /** Null when the object no longer exists in the source tenant (or its name could not be read). */
  displayName: z.string().min(1).max(256).nullable(),
});
export type DirectoryReference = z.infer<typeof directoryReferenceSchema>;

export const assignmentReferencesSchema = z.object({
  groups: z.array(directoryReferenceSchema),
  filters: z.array(directoryReferenceSchema),
});
export type AssignmentReferences = z.infer<typeof assignmentReferencesSchema>;

/** Distinct group and filter ids used by the assignments, sorted. */
export function referencedIds(assignments: readonly PolicyAssignment[]): {
  groupIds: string[];
  filterIds: string[];
} {
  const groupIds = new Set<string>();
  const filterIds = new Set<string>();
  for (const { target } of assignments) {
    if (isGroupTarget(target)) groupIds.add(target.groupId);
    const filter = effectiveFilter(target);
    if (filter !== null) filterIds.add(filter.filterId);
  }
  return { groupIds: [...groupIds].sort(), filterIds: [...filterIds].sort() };
}
