// zod schemas of the backup and restore endpoints' inputs and outputs (validation and OpenAPI).
import { z } from "zod";

import { backupItemSchema, backupSetSchema } from "../backup/backupDocuments.js";
import { restoreRequestSchema } from "../restore/restoreRequest.js";
import { restoreRunSchema } from "../restore/restoreRun.js";
import { idSchema, operationRunView, pagingQuery } from "./apiSchemas.js";

export const tenantParams = z.strictObject({ workspaceId: idSchema, tenantId: idSchema });
export const backupSetParams = z.strictObject({ workspaceId: idSchema, backupSetId: idSchema });
export const restoreParams = z.strictObject({ workspaceId: idSchema, restoreRunId: idSchema });

/** The optional selection of a backup; `{}` backs up every supported type. */
export const backupStartBody = z.strictObject({
  policyTypes: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
  policyIds: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional(),
});

export const restoreCreateBody = restoreRequestSchema.strict();

export const itemsQuery = pagingQuery;
export const backupSetListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const backupSetView = backupSetSchema.omit({ docType: true }).meta({ id: "BackupSet" });
export const backupItemView = backupItemSchema
  .omit({ docType: true, payload: true })
  .meta({ id: "BackupItem" });
export const restoreRunView = restoreRunSchema.omit({ docType: true }).meta({ id: "RestoreRun" });

export const backupStartedSchema = z
  .object({
    run: operationRunView,
    backupSetId: z.string(),
    deduped: z.boolean(),
    reason: z.enum(["active", "cooldown"]).optional(),
    statusUrl: z.string(),
  })
  .meta({ id: "BackupStarted" });

export const restoreExecutedSchema = z
  .object({
    run: operationRunView,
    deduped: z.boolean(),
    reason: z.enum(["active", "cooldown"]).optional(),
    statusUrl: z.string(),
  })
  .meta({ id: "RestoreExecuted" });
