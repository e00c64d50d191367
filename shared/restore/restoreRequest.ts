// The body of `POST /api/workspaces/{ws}/restores` and the draft RestoreRun it becomes. Validation names the
// field (zod paths), e.g. `groupMapping.map` for an explicit strategy with an empty map.
import { z } from "zod";

import { missingTargetPolicySchema, objectMappingSchema, type RestoreRun } from "./restoreRun.js";

const mappingField = objectMappingSchema.default({ strategy: "id", map: {} }).superRefine((mapping, ctx) => {
  if (mapping.strategy === "explicit" && Object.keys(mapping.map).length === 0) {
    ctx.addIssue({ code: "custom", path: ["map"], message: "an explicit mapping needs at least one entry" });
  }
});

export const restoreRequestSchema = z.object({
  backupSetId: z.string().min(1).max(200),
  targetTenantId: z.string().min(1).max(200),
  /** Backup item ids; absent or null restores every item of the set. */
  selectedItemIds: z.array(z.string().min(1).max(200)).min(1).max(20_000).nullable().default(null),
  groupMapping: mappingField,
  filterMapping: mappingField,
  missingTargetPolicy: missingTargetPolicySchema.default("skip"),
  dryRun: z.boolean().default(false),
});
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;

export interface DraftRestoreInput {
  id: string;
  workspaceId: string;
  /** The tenant the backup set was taken from (read from the BackupSet, not from the request). */
  sourceTenantId: string;
  request: RestoreRequest;
  createdBy: RestoreRun["createdBy"];
  now: string;
}

export function draftRestoreRun(input: DraftRestoreInput): RestoreRun {
  const { request } = input;
  return {
    id: input.id,
    docType: "restoreRun",
    workspaceId: input.workspaceId,
    backupSetId: request.backupSetId,
    sourceTenantId: input.sourceTenantId,
    targetTenantId: request.targetTenantId,
    selectedItemIds: request.selectedItemIds === null ? null : [...new Set(request.selectedItemIds)].sort(),
    groupMapping: request.groupMapping,
    filterMapping: request.filterMapping,
    missingTargetPolicy: request.missingTargetPolicy,
    dryRun: request.dryRun,
    status: "draft",
    outcome: "pending",
    executeRunId: null,
    assignmentsRunId: null,
    results: [],
    createdBy: input.createdBy,
    createdAt: input.now,
    updatedAt: input.now,
    completedAt: null,
  };
}
