// Decides what restoring one backup item does to the target: the per-item result and the set to write.
import { canonicalSet, toWritableAssignments } from "../assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import type { BackupItem } from "../backup/backupDocuments.js";
import { type AssignmentDiff, diffAssignments } from "./assignmentDiff.js";
import { effectiveAssignments } from "./effectiveAssignments.js";
import { type MappingContext, mapAssignments } from "./mapAssignments.js";
import type { RestoreItemResult } from "./restoreRun.js";

export interface RestoreItemInput {
  item: Pick<
    BackupItem,
    "id" | "policyType" | "policyId" | "assignments" | "assignmentsStatus" | "references" | "failure"
  >;
  /** The policy's id in the target tenant, or null when it has no counterpart there. */
  targetPolicyId: string | null;
  /** The target policy's current assignments (null when it could not be found). */
  current: readonly PolicyAssignment[] | null;
  mapping: MappingContext;
  dryRun: boolean;
  now: string;
}

export interface RestoreItemPlan {
  result: RestoreItemResult;
  /** The full set to send to `/assign`, or null when nothing is to be written. */
  write: PolicyAssignment[] | null;
  /** Desired (mapped) vs current, when both could be computed. */
  diff: AssignmentDiff | null;
}

export function planRestoreItem(input: RestoreItemInput): RestoreItemPlan {
  const { item } = input;
  const base = {
    backupItemId: item.id,
    policyType: item.policyType,
    sourcePolicyId: item.policyId,
    targetPolicyId: input.targetPolicyId,
    applied: false,
    added: 0,
    kept: 0,
    removed: 0,
    unmapped: [],
    completedAt: input.now,
  } satisfies Partial<RestoreItemResult>;

  if (item.assignmentsStatus !== "fetched" || item.assignments === null) {
    return {
      write: null,
      diff: null,
      result: {
        ...base,
        action: "failed",
        reasonCode: item.failure?.reasonCode ?? "validation_failed",
        message: "the backup holds no assignments for this item",
      },
    };
  }
  if (input.targetPolicyId === null || input.current === null) {
    return {
      write: null,
      diff: null,
      result: {
        ...base,
        action: "failed",
        reasonCode: "graph_not_found",
        message: "the policy does not exist in the target tenant",
      },
    };
  }

  const mapped = mapAssignments(item.assignments, item.references, input.mapping);
  if (!mapped.ok) {
    return {
      write: null,
      diff: null,
      result: {
        ...base,
        action: "failed",
        reasonCode: mapped.reasonCode,
        message: mapped.message,
        unmapped: mapped.unmapped,
      },
    };
  }

  const firstUnmapped = mapped.unmapped[0];
  // Every source assignment was unmapped and skipped: writing the empty set would wipe the target.
  if (item.assignments.length > 0 && mapped.desired.length === 0 && firstUnmapped !== undefined) {
    return {
      write: null,
      diff: null,
      result: {
        ...base,
        action: "skipped",
        reasonCode: firstUnmapped.reasonCode,
        message: "no assignment of this item could be mapped to the target",
        unmapped: mapped.unmapped,
      },
    };
  }

  // Graph ignores a duplicated target: compare and write what it will keep.
  const desired = effectiveAssignments(mapped.desired);
  const diff = diffAssignments(desired, input.current);
  const counts = { added: diff.toAdd.length, kept: diff.toKeep.length, removed: diff.toRemove.length };
  const partial = firstUnmapped === undefined ? null : firstUnmapped.reasonCode;
  const partialMessage =
    partial === null ? null : `${mapped.unmapped.length} assignment(s) skipped: unmapped`;
  if (!diff.changed) {
    return {
      write: null,
      diff,
      result: {
        ...base,
        ...counts,
        action: "unchanged",
        reasonCode: partial,
        message: partialMessage,
        unmapped: mapped.unmapped,
      },
    };
  }
  return {
    write: input.dryRun ? null : toWritableAssignments(desired),
    diff,
    result: {
      ...base,
      ...counts,
      action: canonicalSet(input.current).size === 0 ? "created" : "updated",
      applied: !input.dryRun,
      reasonCode: partial,
      message: partialMessage,
      unmapped: mapped.unmapped,
    },
  };
}
