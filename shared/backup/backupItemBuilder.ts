// Builds BackupItem documents from listed policies, and records fetched assignments on them.
import {
  type AssignmentReferences,
  type DirectoryReference,
  referencedIds,
} from "../assignments/assignmentReferences.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import type { ListedPolicy } from "../ports/policyGraph.js";
import { backupItemId } from "./backupIds.js";
import type { BackupItem, ItemFailure, PayloadChunk } from "./backupDocuments.js";
import { type SplitLimits, splitPayload } from "./payloadChunks.js";

export interface BackupItemScope {
  workspaceId: string;
  tenantId: string;
  backupSetId: string;
}

export interface StoredBackupItem {
  item: BackupItem;
  chunks: PayloadChunk[];
}

const noReferences: AssignmentReferences = { groups: [], filters: [] };

export function buildBackupItem(
  scope: BackupItemScope,
  policy: ListedPolicy,
  now: string,
  limits: SplitLimits = {},
): StoredBackupItem {
  const id = backupItemId(scope.backupSetId, policy.policyType, policy.policyId);
  const split = splitPayload(scope.workspaceId, id, policy.payload, limits);
  const item: BackupItem = {
    id,
    docType: "backupItem",
    workspaceId: scope.workspaceId,
    tenantId: scope.tenantId,
    backupSetId: scope.backupSetId,
    policyType: policy.policyType,
    policyId: policy.policyId,
    displayName: policy.displayName.slice(0, 512),
    payload: split.payload,
    payloadChunks: split.payloadChunks,
    payloadBytes: split.payloadBytes,
    payloadSha256: split.payloadSha256,
    assignmentsStatus: "pending",
    assignments: policy.assignments,
    references: noReferences,
    failure: null,
    createdAt: now,
    updatedAt: now,
  };
  return { item, chunks: split.chunks };
}

/** Display names by id, as resolved in the source tenant; ids not found get a null name. */
export function referencesFor(
  assignments: readonly PolicyAssignment[],
  groupNames: ReadonlyMap<string, string>,
  filterNames: ReadonlyMap<string, string>,
): AssignmentReferences {
  const { groupIds, filterIds } = referencedIds(assignments);
  const ref =
    (names: ReadonlyMap<string, string>) =>
    (id: string): DirectoryReference => ({
      id,
      displayName: names.get(id) ?? names.get(id.toLowerCase()) ?? null,
    });
  return { groups: groupIds.map(ref(groupNames)), filters: filterIds.map(ref(filterNames)) };
}

export function withAssignments(
  item: BackupItem,
  assignments: readonly PolicyAssignment[],
  references: AssignmentReferences,
  now: string,
): BackupItem {
  return {
    ...item,
    assignmentsStatus: "fetched",
    assignments: [...assignments],
    references,
    failure: null,
    updatedAt: now,
  };
}

export function withAssignmentsFailure(item: BackupItem, failure: ItemFailure, now: string): BackupItem {
  return {
    ...item,
    assignmentsStatus: "failed",
    assignments: null,
    failure: { reasonCode: failure.reasonCode, message: failure.message.slice(0, 500) },
    updatedAt: now,
  };
}
