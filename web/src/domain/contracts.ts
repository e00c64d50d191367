// The API's data shapes as the dashboard reads them. OperationRun and AuditEntry come from the shared
// domain contracts (one name for one idea); backup, restore and preview shapes from shared/backup and
// shared/restore, exactly as shared/api's routes answer them.
import { z } from "zod";

import { policyAssignmentSchema } from "../../../shared/assignments/policyAssignment.js";
import {
  backupItemSchema as sharedBackupItemSchema,
  backupSetSchema as sharedBackupSetSchema,
} from "../../../shared/backup/backupDocuments.js";
import { auditEntrySchema } from "../../../shared/domain/auditEntry.js";
import { roleSchema } from "../../../shared/domain/directory.js";
import {
  failureCountsOf,
  failureEntrySchema,
  MAX_RETRY_ITEMS,
  operationRunSchema,
  runOutcomeSchema,
  runStatusSchema,
} from "../../../shared/domain/operationRun.js";
import { operationTypeSchema } from "../../../shared/domain/operationTypes.js";
import {
  mappingStrategySchema,
  missingTargetPolicySchema,
  restoreItemActionSchema,
  restoreRunSchema as sharedRestoreRunSchema,
  unmappedAssignmentSchema,
} from "../../../shared/restore/restoreRun.js";

export type { AuditEntry } from "../../../shared/domain/auditEntry.js";
export type { Role } from "../../../shared/domain/directory.js";
export type {
  FailureCounts,
  FailureEntry,
  OperationRun,
  RunOutcome,
  RunStatus,
} from "../../../shared/domain/operationRun.js";
export type { OperationType } from "../../../shared/domain/operationTypes.js";
export type { ReasonCode } from "../../../shared/domain/reasonCodes.js";
export {
  auditEntrySchema,
  failureCountsOf,
  failureEntrySchema,
  MAX_RETRY_ITEMS,
  operationRunSchema,
  operationTypeSchema,
  runOutcomeSchema,
  runStatusSchema,
};

/** A list page with an opaque continuation token. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), continuation: z.string().nullable().optional().default(null) });
}
export interface Page<T> {
  items: T[];
  continuation: string | null;
}

export const workspaceAccessSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  // The API answers null for a caller without a role there (an app without an app role).
  role: roleSchema.nullable().transform((r) => r ?? "readonly"),
  capabilities: z.array(z.string()),
});
export type WorkspaceAccess = z.infer<typeof workspaceAccessSchema>;

/** /api/me. The API names the caller `id` (its schema) where the first contract said `userId` + `name`. */
export const meSchema = z
  .object({
    principal: z.object({
      id: z.string().optional(),
      userId: z.string().optional(),
      name: z.string().optional(),
      kind: z.string(),
    }),
    workspaces: z.array(workspaceAccessSchema),
  })
  .transform((me) => ({
    principal: {
      userId: me.principal.userId ?? me.principal.id ?? "",
      name: me.principal.name ?? "",
      kind: me.principal.kind,
    },
    workspaces: me.workspaces,
  }));
export type Me = z.infer<typeof meSchema>;

/** A tenant's latest run of a kind, as the dashboard derives it from the runs list. */
export interface RunRef {
  runId: string;
  status: z.infer<typeof runStatusSchema>;
  outcome: z.infer<typeof runOutcomeSchema>;
  completedAt: string | null;
}
/** GET tenants: the API's Tenant view (shared/domain/directory.ts minus docType). */
export const tenantSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  displayName: z.string(),
  backupSchedule: z.string().nullable().optional(),
});
export type Tenant = z.infer<typeof tenantSchema>;
/** A tenant with its last backup and restore (undefined: not loaded; null: there has been none). */
export type TenantSummary = Tenant & { lastBackup?: RunRef | null; lastRestore?: RunRef | null };

const relatedRunSchema = z.object({
  id: z.string(),
  type: operationTypeSchema.optional(),
  status: runStatusSchema.optional(),
  outcome: runOutcomeSchema.optional(),
});
export type RelatedRun = z.infer<typeof relatedRunSchema>;

const lastSegment = (path: string): string => decodeURIComponent(path.split("/").filter(Boolean).pop() ?? "");

/**
 * GET runs/{runId}. The API answers `links` (API paths resolved from the run's context); an earlier draft
 * answered `related` objects and `orchestration`. Both become `related` here.
 */
export const runDetailSchema = z
  .object({
    run: operationRunSchema,
    related: z
      .object({
        backupSet: z.object({ id: z.string(), tenantId: z.string().optional() }).optional(),
        restoreRun: z.object({ id: z.string() }).optional(),
        schedule: z.object({ id: z.string() }).optional(),
        parent: relatedRunSchema.optional(),
        children: z.array(relatedRunSchema).default([]),
      })
      .optional(),
    links: z
      .object({
        backupSet: z.string().optional(),
        restoreRun: z.string().optional(),
        schedule: z.string().optional(),
        parent: z.string().optional(),
        children: z.array(z.string()).default([]),
      })
      .optional(),
    orchestration: z.object({ runtimeStatus: z.string() }).nullable().optional(),
  })
  .transform(({ run, related, links, orchestration }) => ({
    run,
    orchestration: orchestration ?? null,
    related: related ?? {
      ...(links?.backupSet
        ? { backupSet: { id: lastSegment(links.backupSet), tenantId: run.tenantId ?? undefined } }
        : {}),
      ...(links?.restoreRun ? { restoreRun: { id: lastSegment(links.restoreRun) } } : {}),
      ...(links?.schedule ? { schedule: { id: lastSegment(links.schedule) } } : {}),
      ...(links?.parent ? { parent: { id: lastSegment(links.parent) } } : {}),
      children: (links?.children ?? []).map((c) => ({ id: lastSegment(c) })),
    },
  }));
export type RunDetail = z.infer<typeof runDetailSchema>;

/** POST runs/{id}/cancel answers `{run}`; POST runs/{id}/retry answers the started run with `deduped`. Both take no body. */
export const runActionResultSchema = z.object({
  run: operationRunSchema,
  deduped: z.boolean().default(false),
});
export type RunActionResult = z.infer<typeof runActionResultSchema>;

/** POST tenants/{t}/backups (shared/api recoverySchemas `BackupStarted`). */
export const backupStartedSchema = z.object({
  run: operationRunSchema,
  backupSetId: z.string(),
  deduped: z.boolean(),
  reason: z.enum(["active", "cooldown"]).optional(),
  statusUrl: z.string(),
});
export type BackupStarted = z.infer<typeof backupStartedSchema>;

/** The API's BackupSet and BackupItem views: the stored documents minus docType (and payload). */
export const backupSetSchema = sharedBackupSetSchema.omit({ docType: true });
export type BackupSet = z.infer<typeof backupSetSchema>;
export const backupItemSchema = sharedBackupItemSchema.omit({ docType: true, payload: true });
export type BackupItem = z.infer<typeof backupItemSchema>;
export type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";

export { mappingStrategySchema, missingTargetPolicySchema };
export type {
  MappingStrategy,
  MissingTargetPolicy,
  ObjectMapping,
  UnmappedAssignment,
  UnmappedReason,
} from "../../../shared/restore/restoreRun.js";
/** The body of POST restores, as the API validates it (shared/restore/restoreRequest.ts). */
export type { RestoreRequest } from "../../../shared/restore/restoreRequest.js";

export const restoreRunSchema = sharedRestoreRunSchema.omit({ docType: true });
export type RestoreRun = z.infer<typeof restoreRunSchema>;

/** GET restores/{id}/preview: per item, the assignment diff (shared/restore/previewRestore.ts PreviewItem). */
export const previewItemSchema = z.object({
  backupItemId: z.string(),
  policyType: z.string(),
  sourcePolicyId: z.string(),
  targetPolicyId: z.string().nullable(),
  action: restoreItemActionSchema,
  reasonCode: z.string().nullable(),
  message: z.string().nullable(),
  toAdd: z.array(policyAssignmentSchema),
  toKeep: z.array(policyAssignmentSchema),
  toRemove: z.array(policyAssignmentSchema),
  unmapped: z.array(unmappedAssignmentSchema),
});
export type PreviewItem = z.infer<typeof previewItemSchema>;
export const restorePreviewSchema = z.object({ restoreRunId: z.string(), items: z.array(previewItemSchema) });
export type RestorePreview = z.infer<typeof restorePreviewSchema>;

/** POST restores/{id}/execute (shared/api recoverySchemas `RestoreExecuted`). */
export const restoreExecutedSchema = z.object({
  run: operationRunSchema,
  deduped: z.boolean(),
  reason: z.enum(["active", "cooldown"]).optional(),
  statusUrl: z.string(),
});
export type RestoreExecuted = z.infer<typeof restoreExecutedSchema>;

/** A run notification; the API names the type `runType` (shared/domain/notification.ts). */
export const notificationSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    tenantId: z.string().nullable().optional(),
    type: operationTypeSchema.optional(),
    runType: operationTypeSchema.optional(),
    event: z.string().optional(),
    statusBucket: z.enum(["queued", "running", "succeeded", "partial", "failed"]),
    summaryCounts: z.record(z.string(), z.number()).default({}),
    errorSummary: z.string().nullable().optional(),
    createdAt: z.string(),
    readAt: z.string().nullable().optional(),
  })
  .transform(({ runType, type, ...n }) => ({ ...n, type: type ?? runType ?? "backup_set.create" }));
export type Notification = z.infer<typeof notificationSchema>;

export const problemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export { operationTypes } from "../../../shared/domain/operationTypes.js";
export { reasonCodes } from "../../../shared/domain/reasonCodes.js";
