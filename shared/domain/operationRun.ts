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
  /** What an operator recognizes the item by (a policy's display name), sanitized like messages. */
  itemName: z.string().max(200).optional(),
});
export type FailureEntry = z.infer<typeof failureEntrySchema>;

/** Every failure recorded for a run (its failure log), per reason code; the run keeps only a preview. */
export const failureCountsSchema = z.partialRecord(reasonCodeSchema, z.number().int().nonnegative());
export type FailureCounts = z.infer<typeof failureCountsSchema>;

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
  /** The first failures (at most MAX_FAILURES_PER_RUN), for a glance; all of them are in the failure log. */
  failureSummary: z.array(failureEntrySchema),
  /** Set on completion: all failures in the run's failure log per reason code (absent on older runs). */
  failureCounts: failureCountsSchema.optional(),
  /** Set with failureCounts: distinct items with a failure (what "retry failed items" selects). */
  failedItemCount: z.number().int().nonnegative().optional(),
  context: runContextSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});
export type OperationRun = z.infer<typeof operationRunSchema>;

/**
 * A run's failures per reason code: its `failureCounts` (the whole failure log) when set, else its preview
 * (runs still active, or completed before the log existed).
 */
export function failureCountsOf(run: Pick<OperationRun, "failureCounts" | "failureSummary">): FailureCounts {
  if (run.failureCounts !== undefined) return run.failureCounts;
  const counts: FailureCounts = {};
  for (const f of run.failureSummary) counts[f.reasonCode] = (counts[f.reasonCode] ?? 0) + 1;
  return counts;
}

/** Most failed items a retry names in its selection; a run with more retries its whole selection. */
export const MAX_RETRY_ITEMS = 5_000;
