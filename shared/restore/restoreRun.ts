// The RestoreRun document (container `restores`, pk /workspaceId): what to restore, where, how to map groups
// and filters, and what happened per item.
import { z } from "zod";

import { runOutcomeSchema } from "../domain/operationRun.js";
import { reasonCodeSchema } from "../domain/reasonCodes.js";

export const mappingStrategySchema = z.enum(["id", "displayName", "explicit"]);
export type MappingStrategy = z.infer<typeof mappingStrategySchema>;

/**
 * How source ids become target ids. An explicit `map` entry always wins; otherwise `id` keeps the id when
 * it exists in the target, `displayName` finds the one target object with the source's name, and `explicit`
 * maps nothing that is not in the map.
 */
export const objectMappingSchema = z.object({
  strategy: mappingStrategySchema,
  map: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).default({}),
});
export type ObjectMapping = z.infer<typeof objectMappingSchema>;

/** `skip` drops an unmapped assignment (the item is still restored); `fail` fails the whole item. */
export const missingTargetPolicySchema = z.enum(["skip", "fail"]);
export type MissingTargetPolicy = z.infer<typeof missingTargetPolicySchema>;

export const restoreItemActionSchema = z.enum(["created", "updated", "unchanged", "skipped", "failed"]);
export type RestoreItemAction = z.infer<typeof restoreItemActionSchema>;

export const unmappedReasonSchema = z.enum([
  "missing_in_target",
  "ambiguous_in_target",
  "not_in_explicit_map",
  "explicit_target_missing",
  "source_name_unknown",
]);
export type UnmappedReason = z.infer<typeof unmappedReasonSchema>;

export const unmappedAssignmentSchema = z.object({
  objectType: z.enum(["group", "filter"]),
  sourceId: z.string(),
  sourceDisplayName: z.string().nullable(),
  reasonCode: z.enum(["group_unmapped", "filter_unmapped"]),
  reason: unmappedReasonSchema,
  /** Number of target objects sharing the name when ambiguous. */
  candidates: z.number().int().nonnegative().optional(),
});
export type UnmappedAssignment = z.infer<typeof unmappedAssignmentSchema>;

export const restoreItemResultSchema = z.object({
  backupItemId: z.string().min(1),
  policyType: z.string().min(1),
  sourcePolicyId: z.string().min(1),
  targetPolicyId: z.string().min(1).nullable(),
  action: restoreItemActionSchema,
  /** False for dry runs and for items not written. */
  applied: z.boolean(),
  reasonCode: reasonCodeSchema.nullable(),
  message: z.string().max(500).nullable(),
  added: z.number().int().nonnegative(),
  kept: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  unmapped: z.array(unmappedAssignmentSchema),
  completedAt: z.iso.datetime(),
});
export type RestoreItemResult = z.infer<typeof restoreItemResultSchema>;

export const restoreRunSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("restoreRun"),
  workspaceId: z.string().min(1),
  backupSetId: z.string().min(1),
  /** Tenant the backup came from. */
  sourceTenantId: z.string().min(1),
  targetTenantId: z.string().min(1),
  /** Backup item ids to restore; null means all items of the set. */
  selectedItemIds: z.array(z.string().min(1)).max(20_000).nullable(),
  groupMapping: objectMappingSchema,
  filterMapping: objectMappingSchema,
  missingTargetPolicy: missingTargetPolicySchema,
  dryRun: z.boolean(),
  status: z.enum(["draft", "running", "completed"]),
  outcome: runOutcomeSchema,
  /** The latest `restore.execute` / `assignments.restore` runs. */
  executeRunId: z.string().min(1).nullable(),
  assignmentsRunId: z.string().min(1).nullable(),
  results: z.array(restoreItemResultSchema),
  createdBy: z.object({ userId: z.string().min(1).nullable(), name: z.string().min(1).max(200) }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type RestoreRun = z.infer<typeof restoreRunSchema>;
