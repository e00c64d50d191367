// What Graph keeps of an assignment set: a duplicated target (same target type and group) is ignored, the
// first one wins (GRAPH-FACTS.md). A restore compares and writes this set, so that a source set holding
// duplicated targets is written once and found equal afterwards instead of being rewritten on every run.
import type { PolicyAssignment } from "../assignments/policyAssignment.js";

function targetIdentity(assignment: PolicyAssignment): string {
  const target = assignment.target;
  const group = "groupId" in target && typeof target.groupId === "string" ? target.groupId.toLowerCase() : "";
  return `${target["@odata.type"]}|${group}`;
}

export function effectiveAssignments(assignments: readonly PolicyAssignment[]): PolicyAssignment[] {
  const seen = new Set<string>();
  const kept: PolicyAssignment[] = [];
  for (const assignment of assignments) {
    const identity = targetIdentity(assignment);
    if (seen.has(identity)) continue;
    seen.add(identity);
    kept.push(assignment);
  }
  return kept;
}
