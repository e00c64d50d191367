// Turns a backed-up assignment set into the desired set for the target tenant. Skipping never widens reach:
// an unmapped include (or its filter) drops the whole assignment under `skip`, but an unmapped exclusion
// group or exclusion filter fails the item even under `skip`, because dropping it would assign more devices.
import type { AssignmentReferences, DirectoryReference } from "../assignments/assignmentReferences.js";
import { effectiveFilter, isGroupTarget } from "../assignments/assignmentTarget.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import { resolveMapping } from "./resolveMapping.js";
import type { MissingTargetPolicy, ObjectMapping, UnmappedAssignment } from "./restoreRun.js";
import type { TargetDirectory } from "./targetDirectory.js";

export interface MappingContext {
  groupMapping: ObjectMapping;
  filterMapping: ObjectMapping;
  groups: TargetDirectory;
  filters: TargetDirectory;
  missingTargetPolicy: MissingTargetPolicy;
}

export type MappedAssignments =
  | { ok: true; desired: PolicyAssignment[]; unmapped: UnmappedAssignment[] }
  | {
      ok: false;
      reasonCode: "group_unmapped" | "filter_unmapped";
      message: string;
      unmapped: UnmappedAssignment[];
    };

function reference(refs: readonly DirectoryReference[], id: string): DirectoryReference {
  return refs.find((r) => r.id.toLowerCase() === id.toLowerCase()) ?? { id, displayName: null };
}

export function mapAssignments(
  source: readonly PolicyAssignment[],
  references: AssignmentReferences,
  context: MappingContext,
): MappedAssignments {
  const desired: PolicyAssignment[] = [];
  const unmapped: UnmappedAssignment[] = [];
  let failure: { reasonCode: "group_unmapped" | "filter_unmapped"; message: string } | null = null;

  for (const assignment of source) {
    const { target } = assignment;
    const excluding = target["@odata.type"].toLowerCase().includes("exclusion");
    let mappedTarget = { ...target };
    let dropped = false;

    if (isGroupTarget(target)) {
      const ref = reference(references.groups, target.groupId);
      const result = resolveMapping(ref, context.groupMapping, context.groups);
      if (result.mapped) {
        mappedTarget = { ...mappedTarget, groupId: result.targetId };
      } else {
        unmapped.push({
          objectType: "group",
          sourceId: ref.id,
          sourceDisplayName: ref.displayName,
          reasonCode: "group_unmapped",
          reason: result.reason,
          ...(result.candidates === undefined ? {} : { candidates: result.candidates }),
        });
        dropped = true;
        if (excluding || context.missingTargetPolicy === "fail") {
          failure ??= {
            reasonCode: "group_unmapped",
            message: excluding
              ? `exclusion group ${ref.id} has no target (${result.reason}); skipping it would widen the assignment`
              : `group ${ref.id} has no target (${result.reason})`,
          };
        }
      }
    }

    const filter = effectiveFilter(target);
    if (filter !== null && !dropped) {
      const ref = reference(references.filters, filter.filterId);
      const result = resolveMapping(ref, context.filterMapping, context.filters);
      if (result.mapped) {
        mappedTarget = { ...mappedTarget, deviceAndAppManagementAssignmentFilterId: result.targetId };
      } else {
        unmapped.push({
          objectType: "filter",
          sourceId: ref.id,
          sourceDisplayName: ref.displayName,
          reasonCode: "filter_unmapped",
          reason: result.reason,
          ...(result.candidates === undefined ? {} : { candidates: result.candidates }),
        });
        dropped = true;
        if (excluding || context.missingTargetPolicy === "fail") {
          failure ??= {
            reasonCode: "filter_unmapped",
            message: excluding
              ? `filter ${ref.id} of an exclusion has no target (${result.reason}); skipping it would widen the assignment`
              : `filter ${ref.id} has no target (${result.reason})`,
          };
        }
      }
    }

    if (!dropped) {
      const { id: _id, ...rest } = assignment;
      desired.push({ ...rest, target: mappedTarget });
    }
  }

  if (failure !== null) return { ok: false, ...failure, unmapped };
  return { ok: true, desired, unmapped };
}
