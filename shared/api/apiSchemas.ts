// zod schemas of the API's inputs and outputs. They validate requests and, through zod-to-openapi,
// are the OpenAPI document: one source for both.
import { z } from "zod";

import { capabilities } from "../auth/capabilities.js";
import { auditEntrySchema } from "../domain/auditEntry.js";
import { roleSchema, tenantSchema } from "../domain/directory.js";
import { notificationSchema } from "../domain/notification.js";
import {
  failureEntrySchema,
  operationRunSchema,
  runOutcomeSchema,
  runStatusSchema,
} from "../domain/operationRun.js";
import { operationTypeSchema } from "../domain/operationTypes.js";
import { reasonCodeSchema } from "../domain/reasonCodes.js";
import { maxContinuationLength } from "../http/continuationToken.js";

/** Ids in paths and filters: workspace, tenant, run, notification ids (letters, digits, `-_.:`). */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const idSchema = z.string().regex(idPattern, "must be an id (letters, digits, - _ . :; at most 128)");

export const workspaceParams = z.strictObject({ workspaceId: idSchema });
export const runParams = z.strictObject({ workspaceId: idSchema, runId: idSchema });
export const noParams = z.strictObject({});
export const noQuery = z.strictObject({});

const limit = z.coerce.number().int().min(1).max(200).default(50).meta({ description: "Page size (≤ 200)" });
const continuation = z
  .string()
  .max(maxContinuationLength)
  .optional()
  .meta({ description: "Opaque token from the previous page" });
const isoTime = z.iso.datetime({ offset: false });

export const runListQuery = z.strictObject({
  tenantId: idSchema.optional(),
  type: operationTypeSchema.optional(),
  status: runStatusSchema.optional(),
  outcome: runOutcomeSchema.optional(),
  /** Display name of the initiator, as recorded on the run. */
  initiator: z.string().trim().min(1).max(200).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit,
  continuation,
});

export const auditListQuery = z.strictObject({
  tenantId: idSchema.optional(),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)+$/)
    .max(100)
    .optional(),
  actorUserId: idSchema.optional(),
  runId: idSchema.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit,
  continuation,
});

export const notificationListQuery = z.strictObject({
  unread: z.enum(["true", "false"]).optional(),
  limit,
  continuation,
});

export const pagingQuery = z.strictObject({ limit, continuation });

export const runFailuresQuery = z.strictObject({
  reasonCode: reasonCodeSchema.optional(),
  /** Case-insensitive substring of the item id, the item's name or the message. */
  search: z.string().trim().min(1).max(100).optional(),
  limit,
  continuation,
});

/** Onboarding a tenant: a reference to where its credential lives, never the credential itself. */
export const createTenantBody = z.strictObject({
  externalId: z.uuid({ version: "v4" }).meta({ description: "Entra tenant id (UUID v4)" }),
  displayName: z.string().trim().min(1).max(200),
  credentialRef: z
    .string()
    .regex(
      /^(keyvault|federated):[A-Za-z0-9-]{1,127}$/,
      "must be a reference (keyvault:<secret-name> or federated:<config-name>), never a secret",
    ),
});

export const markNotificationsReadBody = z.strictObject({ ids: z.array(idSchema).min(1).max(100) });

export const runActionBody = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });

// Outputs
export const operationRunView = operationRunSchema.meta({ id: "OperationRun" });
export const failureEntryView = failureEntrySchema.meta({ id: "FailureEntry" });
export const tenantView = tenantSchema.omit({ docType: true }).meta({ id: "Tenant" });
export const auditEntryView = auditEntrySchema.meta({ id: "AuditEntry" });
export const notificationView = notificationSchema.omit({ docType: true }).meta({ id: "Notification" });

export const runLinksSchema = z
  .object({
    self: z.string(),
    tenant: z.string().optional(),
    backupSet: z.string().optional(),
    restoreRun: z.string().optional(),
    schedule: z.string().optional(),
    parent: z.string().optional(),
    children: z.array(z.string()),
  })
  .meta({ id: "RunLinks" });

/** The Durable runtime status of the run's orchestration (instance id = run id); null when none is known. */
export const orchestrationStatusView = z
  .object({ runtimeStatus: z.string() })
  .nullable()
  .meta({ id: "OrchestrationStatus" });

export const runDetailSchema = z
  .object({ run: operationRunView, links: runLinksSchema, orchestration: orchestrationStatusView })
  .meta({ id: "RunDetail" });

export const runStartedSchema = z
  .object({
    run: operationRunView,
    deduped: z.boolean(),
    /** Why an existing run answered: it is still active, or identical work completed within the cooldown. */
    reason: z.enum(["active", "cooldown"]).optional(),
    statusUrl: z.string(),
  })
  .meta({ id: "RunStarted" });

export const page = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), continuation: z.string().nullable() }).meta({ id });

export const workspaceSummarySchema = z
  .object({
    workspaceId: z.string(),
    name: z.string(),
    role: roleSchema.nullable(),
    capabilities: z.array(z.enum(capabilities)),
  })
  .meta({ id: "WorkspaceSummary" });

export const meSchema = z
  .object({
    principal: z.object({
      id: z.string(),
      kind: z.enum(["user", "app"]),
      source: z.enum(["client-principal", "bearer"]),
    }),
    workspaces: z.array(workspaceSummarySchema),
  })
  .meta({ id: "Me" });

export const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), latencyMs: z.number() })),
  })
  .meta({ id: "Health" });

export const markedSchema = z.object({ marked: z.number().int().nonnegative() }).meta({ id: "MarkedRead" });
