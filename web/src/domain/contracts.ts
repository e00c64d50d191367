// The API's data shapes as the dashboard reads them. OperationRun and AuditEntry come from the shared
// domain contracts (one name for one idea); shapes the API issue has not fixed yet are defined here.
import { z } from "zod";

import { auditEntrySchema } from "../../../shared/domain/auditEntry.js";
import { roleSchema } from "../../../shared/domain/directory.js";
import {
  operationRunSchema,
  runOutcomeSchema,
  runStatusSchema,
} from "../../../shared/domain/operationRun.js";
import { operationTypeSchema } from "../../../shared/domain/operationTypes.js";

export type { AuditEntry } from "../../../shared/domain/auditEntry.js";
export type { Role } from "../../../shared/domain/directory.js";
export type {
  FailureEntry,
  OperationRun,
  RunOutcome,
  RunStatus,
} from "../../../shared/domain/operationRun.js";
export type { OperationType } from "../../../shared/domain/operationTypes.js";
export type { ReasonCode } from "../../../shared/domain/reasonCodes.js";
export { auditEntrySchema, operationRunSchema, operationTypeSchema, runOutcomeSchema, runStatusSchema };

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

const runRefSchema = z.object({
  runId: z.string(),
  completedAt: z.string().nullable().optional(),
  outcome: runOutcomeSchema.optional(),
});
export const tenantSummarySchema = z.object({
  id: z.string(),
  externalId: z.string(),
  displayName: z.string(),
  lastBackup: runRefSchema.nullable().optional(),
  lastRestore: runRefSchema.nullable().optional(),
});
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

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

export const runActionResultSchema = z.object({ run: operationRunSchema, deduped: z.boolean() });
export type RunActionResult = z.infer<typeof runActionResultSchema>;

export const backupStartedSchema = z.object({
  run: operationRunSchema,
  backupSetId: z.string().optional(),
  deduped: z.boolean(),
  statusUrl: z.string().optional(),
});
export type BackupStarted = z.infer<typeof backupStartedSchema>;

export const backupSetSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  runId: z.string().nullable().optional(),
  status: z.string(),
  itemCount: z.number().int().nonnegative().optional(),
  createdAt: z.string(),
  completedAt: z.string().nullable().optional(),
});
export type BackupSet = z.infer<typeof backupSetSchema>;

export const backupItemSchema = z.object({
  id: z.string(),
  backupSetId: z.string(),
  policyType: z.string(),
  policyId: z.string().optional(),
  displayName: z.string(),
  assignmentCount: z.number().int().nonnegative().optional(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

export const mappingStrategies = ["by_name", "by_id"] as const;
export type MappingStrategy = (typeof mappingStrategies)[number];
export const missingGroupPolicies = ["skip", "fail"] as const;
export type MissingGroupPolicy = (typeof missingGroupPolicies)[number];

export const restoreRunSchema = z.object({ id: z.string() }).passthrough();
export const restoreCreatedSchema = z.object({ restoreRun: restoreRunSchema });

export const restorePreviewSchema = z.object({
  restoreRunId: z.string(),
  items: z.array(
    z.object({
      backupItemId: z.string(),
      displayName: z.string(),
      policyType: z.string(),
      action: z.string(),
      changes: z.array(
        z.object({
          target: z.string(),
          kind: z.string().optional(),
          filter: z.string().nullable().optional(),
          change: z.string(),
          mappedTo: z.string().nullable().optional(),
        }),
      ),
      warnings: z.array(z.string()).default([]),
    }),
  ),
});
export type RestorePreview = z.infer<typeof restorePreviewSchema>;

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
