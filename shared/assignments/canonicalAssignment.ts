// Canonical form of assignments: what Graph treats as "the same assignment" compares equal. Ids, order and
// duplicated targets are ignored (Graph ignores a duplicated target on /assign); a filter with type `none` is
// no filter; @odata.type is compared case-insensitively.
import { effectiveFilter, isGroupTarget } from "./assignmentTarget.js";
import { canonicalJson } from "./canonicalJson.js";
import type { PolicyAssignment } from "./policyAssignment.js";

export type TargetKind = "group" | "exclusionGroup" | "allDevices" | "allLicensedUsers";

export interface CanonicalAssignment {
  kind: TargetKind;
  groupId: string | null;
  filterId: string | null;
  filterType: "include" | "exclude" | null;
  intent: string | null;
  /** Canonical JSON of settings, or null. */
  settings: string | null;
}

const kindByType: Record<string, TargetKind> = {
  "#microsoft.graph.groupassignmenttarget": "group",
  "#microsoft.graph.exclusiongroupassignmenttarget": "exclusionGroup",
  "#microsoft.graph.alldevicesassignmenttarget": "allDevices",
  "#microsoft.graph.alllicensedusersassignmenttarget": "allLicensedUsers",
};

export function targetKind(assignment: PolicyAssignment): TargetKind {
  const kind = kindByType[assignment.target["@odata.type"].toLowerCase()];
  if (kind === undefined) throw new Error(`target.@odata.type: unknown ${assignment.target["@odata.type"]}`);
  return kind;
}

export function canonicalAssignment(assignment: PolicyAssignment): CanonicalAssignment {
  const filter = effectiveFilter(assignment.target);
  const groupId = isGroupTarget(assignment.target) ? assignment.target.groupId.toLowerCase() : null;
  return {
    kind: targetKind(assignment),
    groupId,
    filterId: filter === null ? null : filter.filterId.toLowerCase(),
    filterType: filter === null ? null : filter.filterType,
    intent: assignment.intent ?? null,
    settings:
      assignment.settings === undefined || assignment.settings === null
        ? null
        : canonicalJson(assignment.settings),
  };
}

/** A stable string key for one assignment; equal keys mean Graph sees the same assignment. */
export function assignmentKey(assignment: PolicyAssignment): string {
  return canonicalJson(canonicalAssignment(assignment));
}

/** Assignments by canonical key, duplicates collapsed (first one wins), iteration in key order. */
export function canonicalSet(assignments: readonly PolicyAssignment[]): Map<string, PolicyAssignment> {
  const byKey = new Map<string, PolicyAssignment>();
  for (const assignment of assignments) {
    const key = assignmentKey(assignment);
    if (!byKey.has(key)) byKey.set(key, assignment);
  }
  return new Map([...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function sameAssignmentSet(a: readonly PolicyAssignment[], b: readonly PolicyAssignment[]): boolean {
  const left = canonicalSet(a);
  const right = canonicalSet(b);
  if (left.size !== right.size) return false;
  for (const key of left.keys()) if (!right.has(key)) return false;
  return true;
}

/** The assignment as it should be sent to /assign: no id, deduplicated. */
export function toWritableAssignments(assignments: readonly PolicyAssignment[]): PolicyAssignment[] {
  return [...canonicalSet(assignments).values()].map(({ id: _id, ...rest }) => rest);
}
