// The OperationRun document: one canonical ledger entry per long-running operation.
import { z } from "zod";

import { operationTypeSchema } from "./operationTypes.js";
import { reasonCodeSchema } from "./reasonCodes.js";

export const runStatusSchema = z.enum(["queued", "running", "completed"]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runOutcomeSchema = z.enum([
  "pending",
  "succeeded",
  "partially_succeeded",
  "failed",
  "blocked",
  "cancelled",
]);
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/** Normalized counters; keys are limited per type by the operation catalog. */
export const summaryCountsSchema = z.record(z.string(), z.number().int().nonnegative());
export type SummaryCounts = z.infer<typeof summaryCountsSchema>;

export const failureEntrySchema = z.object({
  /** Stable machine code of the failing step, e.g. `assignments.fetch.item`. */
  code: z.string().min(1).max(100),
  reasonCode: reasonCodeSchema,
  /** Sanitized, bounded message (see sanitize.ts). */
  message: z.string().max(500),
  itemId: z.string().min(1).max(200).optional(),
});
export type FailureEntry = z.infer<typeof failureEntrySchema>;

/** Related ids that link a run to artifacts; non-secret only. */
export const runContextSchema = z
  .object({
    backupSetId: z.string().optional(),
    backupItemId: z.string().optional(),
    policyId: z.string().optional(),
    restoreRunId: z.string().optional(),
    backupScheduleId: z.string().optional(),
    scheduledFor: z.string().optional(),
    targetTenantId: z.string().optional(),
    parentRunId: z.string().optional(),
    childRunIds: z.array(z.string()).optional(),
    targetScope: z.record(z.string(), z.unknown()).optional(),
    selection: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().optional(),
  })
  .catchall(z.unknown());
export type RunContext = z.infer<typeof runContextSchema>;

export const operationRunSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("run"),
  workspaceId: z.string().min(1),
  tenantId: z.string().min(1).nullable(),
  userId: z.string().min(1).nullable(),
  initiatorName: z.string().min(1).max(200),
  type: operationTypeSchema,
  status: runStatusSchema,
  outcome: runOutcomeSchema,
  runIdentityHash: z.string().regex(/^[a-f0-9]{64}$/),
  summaryCounts: summaryCountsSchema,
  failureSummary: z.array(failureEntrySchema),
  context: runContextSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});
export type OperationRun = z.infer<typeof operationRunSchema>;
