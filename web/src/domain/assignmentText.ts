// One assignment as an operator reads it: target (group name, all devices, all users), include/exclude
// and its filter. Names come from the backup's directory references; an unknown id is shown as is.
import type { PolicyAssignment } from "./contracts.js";

export function assignmentText(a: PolicyAssignment, nameOf: (id: string) => string): string {
  const t = a.target;
  const type = t["@odata.type"].toLowerCase();
  const target =
    type === "#microsoft.graph.alldevicesassignmenttarget"
      ? "All devices"
      : type === "#microsoft.graph.alllicensedusersassignmenttarget"
        ? "All users"
        : "groupId" in t && typeof t.groupId === "string"
          ? `${type.includes("exclusion") ? "exclude " : ""}${nameOf(t.groupId)}`
          : type.replace("#microsoft.graph.", "");
  const filterId = t.deviceAndAppManagementAssignmentFilterId;
  const filterType = t.deviceAndAppManagementAssignmentFilterType;
  const filter =
    filterId && filterType && filterType !== "none" ? ` (filter ${filterType}: ${nameOf(filterId)})` : "";
  return `${target}${filter}${a.intent ? ` · ${a.intent}` : ""}`;
}
