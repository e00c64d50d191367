// The stand-in's restore preview: the real PreviewItem shape (shared/restore/previewRestore.ts) computed
// from fixture data. The target tenant has every fixture group and filter under its own ids except
// "Kiosk devices", so a cross-tenant restore by display name leaves that group unmapped.
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import type { PreviewItem } from "../../../shared/restore/previewRestore.js";
import type { ObjectMapping, UnmappedAssignment } from "../../../shared/restore/restoreRun.js";
import { objectId, type FixtureBackupItem, type FixtureRestoreRun } from "./fixtureData.js";

const missingInTargets = new Set(["Kiosk devices"]);

type Resolved = { id: string } | { unmapped: UnmappedAssignment["reason"] };

function resolve(
  mapping: ObjectMapping,
  kind: "grp" | "flt",
  sourceId: string,
  name: string | null,
  rr: FixtureRestoreRun,
): Resolved {
  const explicit = mapping.map[sourceId];
  if (explicit !== undefined) return { id: explicit };
  const sameTenant = rr.sourceTenantId === rr.targetTenantId;
  if (mapping.strategy === "explicit") return { unmapped: "not_in_explicit_map" };
  if (mapping.strategy === "id") return sameTenant ? { id: sourceId } : { unmapped: "missing_in_target" };
  if (name === null) return { unmapped: "source_name_unknown" };
  if (!sameTenant && missingInTargets.has(name)) return { unmapped: "missing_in_target" };
  return { id: objectId(kind, name, rr.targetTenantId) };
}

export function previewItem(rr: FixtureRestoreRun, item: FixtureBackupItem, n: number): PreviewItem {
  const nameOf = (id: string): string | null =>
    [...item.references.groups, ...item.references.filters].find((r) => r.id === id)?.displayName ?? null;
  const mapped: PolicyAssignment[] = [];
  const unmapped: UnmappedAssignment[] = [];
  for (const a of item.assignments ?? []) {
    const target = { ...a.target };
    let ok = true;
    if ("groupId" in target && typeof target.groupId === "string") {
      const r = resolve(rr.groupMapping, "grp", target.groupId, nameOf(target.groupId), rr);
      if ("id" in r) target.groupId = r.id;
      else {
        ok = false;
        unmapped.push({
          objectType: "group",
          sourceId: target.groupId,
          sourceDisplayName: nameOf(target.groupId),
          reasonCode: "group_unmapped",
          reason: r.unmapped,
        });
      }
    }
    const filterId = target.deviceAndAppManagementAssignmentFilterId;
    if (typeof filterId === "string") {
      const r = resolve(rr.filterMapping, "flt", filterId, nameOf(filterId), rr);
      if ("id" in r) target.deviceAndAppManagementAssignmentFilterId = r.id;
      else {
        ok = false;
        unmapped.push({
          objectType: "filter",
          sourceId: filterId,
          sourceDisplayName: nameOf(filterId),
          reasonCode: "filter_unmapped",
          reason: r.unmapped,
        });
      }
    }
    if (ok) mapped.push({ target });
  }
  const base = {
    backupItemId: item.id,
    policyType: item.policyType,
    sourcePolicyId: item.policyId,
    targetPolicyId: `${item.policyId}-${rr.targetTenantId.replace("tenant-", "")}`,
    unmapped,
  };
  const first = unmapped[0];
  if (first !== undefined && rr.missingTargetPolicy === "fail") {
    return {
      ...base,
      action: "failed",
      reasonCode: first.reasonCode,
      message: `${first.objectType} ${first.sourceDisplayName ?? first.sourceId} has no target`,
      toAdd: [],
      toKeep: [],
      toRemove: [],
    };
  }
  const toKeep = mapped.filter((_, j) => (n + j) % 3 === 0);
  const toAdd = mapped.filter((_, j) => (n + j) % 3 !== 0);
  const toRemove: PolicyAssignment[] =
    n % 5 === 4 ? [{ target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } }] : [];
  return {
    ...base,
    action: toAdd.length + toRemove.length === 0 ? "unchanged" : "updated",
    reasonCode: null,
    message: null,
    toAdd,
    toKeep,
    toRemove,
  };
}
