// Desired vs current assignment set of one policy, compared canonically (ids, order and duplicates ignored).
// `/assign` replaces the whole set, so a changed item is written with the full desired set.
import { canonicalSet } from "../assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";

export interface AssignmentDiff {
  toAdd: PolicyAssignment[];
  toKeep: PolicyAssignment[];
  toRemove: PolicyAssignment[];
  /** True when the canonical sets differ, i.e. a write is needed. */
  changed: boolean;
}

export function diffAssignments(
  desired: readonly PolicyAssignment[],
  current: readonly PolicyAssignment[],
): AssignmentDiff {
  const want = canonicalSet(desired);
  const have = canonicalSet(current);
  const toAdd: PolicyAssignment[] = [];
  const toKeep: PolicyAssignment[] = [];
  const toRemove: PolicyAssignment[] = [];
  for (const [key, assignment] of want) (have.has(key) ? toKeep : toAdd).push(assignment);
  for (const [key, assignment] of have) if (!want.has(key)) toRemove.push(assignment);
  return { toAdd, toKeep, toRemove, changed: toAdd.length > 0 || toRemove.length > 0 };
}
