// Names and input/output schemas of the backup and restore orchestrations and their activities. Orchestrators
// and activities parse what crosses the Durable boundary with these, so history replays stay typed.
import { z } from "zod";

import { backupSelectionSchema } from "../shared/backup/backupDocuments.js";
import { backupCountsSchema } from "../shared/backup/backupSummary.js";
import { itemShardSchema } from "../shared/backup/itemShards.js";
import { failureEntrySchema, runOutcomeSchema, summaryCountsSchema } from "../shared/domain/operationRun.js";
import { reasonCodeSchema } from "../shared/domain/reasonCodes.js";
import { type RestoreWorkItem, restoreWorkItemSchema } from "../shared/restore/restoreWorkItem.js";

export const orchestrationNames = {
  /** Named after the operation type as shared/api/orchestratorNames.ts expects. */
  backup: "backupSetCreateOrchestrator",
  assignmentsFetch: "assignmentsFetchOrchestrator",
  restoreExecute: "restoreExecuteOrchestrator",
} as const;

export const activityNames = {
  runProgress: "runProgress",
  runComplete: "runComplete",
  backupStart: "backupStart",
  backupListType: "backupListType",
  assignmentsFetchStart: "assignmentsFetchStart",
  assignmentsFetchBatch: "assignmentsFetchBatch",
  assignmentsFetchShardFailed: "assignmentsFetchShardFailed",
  backupComplete: "backupComplete",
  restoreStart: "restoreStart",
  restoreItemsBatch: "restoreItemsBatch",
  restoreItemsBatchFailed: "restoreItemsBatchFailed",
  restoreComplete: "restoreComplete",
} as const;

const id = z.string().min(1).max(200);
export const initiatorSchema = z.object({
  userId: z.string().min(1).nullable(),
  name: z.string().min(1).max(200),
});
const completedOutcomeSchema = runOutcomeSchema.exclude(["pending"]);

// ---- shared run activities ----------------------------------------------------------------------------

export const runProgressInputSchema = z.object({
  workspaceId: id,
  runId: id,
  summaryCounts: summaryCountsSchema,
});
export type RunProgressInput = z.infer<typeof runProgressInputSchema>;

export const runCompleteInputSchema = z.object({
  workspaceId: id,
  runId: id,
  outcome: completedOutcomeSchema,
  summaryCounts: summaryCountsSchema,
  failures: z.array(failureEntrySchema).max(200),
});
export type RunCompleteInput = z.infer<typeof runCompleteInputSchema>;

// ---- backup -------------------------------------------------------------------------------------------

/**
 * Orchestration input as shared/api starts every run: instance id = runId of the `backup_set.create` run; the
 * tenant, `context.backupSetId` (default: the run id), `context.selection` and the initiator are read from it.
 */
export const backupInputSchema = z.object({ workspaceId: id, runId: id });
export type BackupInput = z.infer<typeof backupInputSchema>;

export const backupOutputSchema = z.object({
  outcome: completedOutcomeSchema.nullable(),
  /** Set when the orchestration found it was not the canonical run and did nothing. */
  skipped: z.literal("non_canonical_skip").nullable(),
  summaryCounts: backupCountsSchema,
  assignmentsRunId: id.nullable(),
});
export type BackupOutput = z.infer<typeof backupOutputSchema>;

export const backupStartInputSchema = backupInputSchema;
export const backupStartOutputSchema = z.discriminatedUnion("canonical", [
  z.object({ canonical: z.literal(false) }),
  z.object({
    canonical: z.literal(true),
    tenantId: id,
    backupSetId: id,
    selection: backupSelectionSchema,
    initiator: initiatorSchema,
    /** Selected policy types this deployment supports, in a stable order. */
    policyTypes: z.array(z.string().min(1)),
  }),
]);
export type BackupStartOutput = z.infer<typeof backupStartOutputSchema>;

export const backupListTypeInputSchema = z.object({
  workspaceId: id,
  tenantId: id,
  runId: id,
  backupSetId: id,
  policyType: z.string().min(1),
  policyIds: z.array(id).optional(),
});
export type BackupListTypeInput = z.infer<typeof backupListTypeInputSchema>;

/**
 * Counts only: the items (ids, policy ids, expanded assignments) are in the store, and the assignment fetch
 * reads them back by id-range shard, so Durable history never carries a list of ids.
 */
export const backupListTypeOutputSchema = z.object({
  policyType: z.string().min(1),
  /** False when the activity found it was not canonical and did nothing. */
  canonical: z.boolean(),
  listed: z.number().int().nonnegative(),
  failure: failureEntrySchema.nullable(),
});
export type BackupListTypeOutput = z.infer<typeof backupListTypeOutputSchema>;

export const assignmentsFetchStartInputSchema = z.object({
  workspaceId: id,
  tenantId: id,
  backupSetId: id,
  parentRunId: id,
  initiator: initiatorSchema,
});
export type AssignmentsFetchStartInput = z.infer<typeof assignmentsFetchStartInputSchema>;

export const assignmentsFetchStartOutputSchema = z.object({
  runId: id,
  /** True when another run (active or cooling) answered: do not fetch. */
  deduped: z.boolean(),
  reason: z.enum(["active", "cooldown"]).nullable(),
});
export type AssignmentsFetchStartOutput = z.infer<typeof assignmentsFetchStartOutputSchema>;

/** Sub-orchestration input; instance id = runId of the `assignments.fetch` run. */
export const assignmentsFetchInputSchema = z.object({
  workspaceId: id,
  tenantId: id,
  backupSetId: id,
  runId: id,
  /** Items of the set (the sum of the list steps); the shards read them from the store by id range. */
  total: z.number().int().nonnegative(),
  /** The backup run: it gets live progress too (its own list totals plus this fetch's counts). */
  parentRunId: id.nullable().default(null),
  /** About this many items per shard, i.e. per activity call (the port $batches them by 20). */
  batchSize: z.number().int().min(1).max(1000).default(100),
  /** Activity calls in flight at once. */
  concurrency: z.number().int().min(1).max(32).default(4),
});
export type AssignmentsFetchInput = z.input<typeof assignmentsFetchInputSchema>;

export const assignmentsFetchOutputSchema = z.object({
  outcome: completedOutcomeSchema.nullable(),
  skipped: z.literal("non_canonical_skip").nullable(),
  summaryCounts: backupCountsSchema,
  /**
   * Run-level failures only (e.g. orchestration_failed): item failures are in the failure log, never in
   * history, whose properties must stay under Azure Storage's 64 KB.
   */
  failures: z.array(failureEntrySchema).max(200),
  /** Every distinct reason code among all failures. */
  failureReasons: z.array(reasonCodeSchema),
});
export type AssignmentsFetchOutput = z.infer<typeof assignmentsFetchOutputSchema>;

export const assignmentsFetchBatchInputSchema = z.object({
  workspaceId: id,
  tenantId: id,
  runId: id,
  backupSetId: id,
  stepKey: z.string().min(1),
  shard: itemShardSchema,
  /** The backup run, whose failure log gets the same item failures (absent in older histories). */
  parentRunId: id.nullable().default(null),
});
export type AssignmentsFetchBatchInput = z.infer<typeof assignmentsFetchBatchInputSchema>;

export const assignmentsFetchBatchOutputSchema = z.object({
  stepKey: z.string().min(1),
  canonical: z.boolean(),
  counts: backupCountsSchema,
  /** Distinct reason codes of the shard's item failures (the failures themselves are in the failure log). */
  failureReasons: z.array(reasonCodeSchema).default([]),
  /** Only in histories from before the failure log; new outputs leave it empty. */
  failures: z.array(failureEntrySchema).default([]),
});
export type AssignmentsFetchBatchOutput = z.infer<typeof assignmentsFetchBatchOutputSchema>;

export const backupCompleteInputSchema = z.object({
  workspaceId: id,
  backupSetId: id,
  runId: id,
  assignmentsRunId: id.nullable(),
  outcome: completedOutcomeSchema,
  summaryCounts: backupCountsSchema,
  failures: z.array(failureEntrySchema).max(200),
});
export type BackupCompleteInput = z.infer<typeof backupCompleteInputSchema>;

// ---- restore ------------------------------------------------------------------------------------------

const actorSchema = z.object({
  userId: z.string().min(1).nullable(),
  name: z.string().min(1).max(200),
  kind: z.enum(["user", "app", "system"]),
});

/**
 * Orchestration input as shared/api starts every run: instance id = runId of the `restore.execute` run;
 * `context.restoreRunId` and the initiator are read from it.
 */
export const restoreExecuteInputSchema = z.object({
  workspaceId: id,
  runId: id,
  batchSize: z.number().int().min(1).max(100).default(20),
  /** Batches restored at once: enough to keep the tenant's write budget busy while others read and record. */
  concurrency: z.number().int().min(1).max(16).default(6),
});
export type RestoreExecuteInput = z.input<typeof restoreExecuteInputSchema>;

export { type RestoreWorkItem, restoreWorkItemSchema };

export const restoreStartInputSchema = z.object({
  workspaceId: id,
  runId: id,
  /** Items per stored plan batch (the unit a batch activity restores). */
  batchSize: z.number().int().min(1).max(100).default(20),
});
export type RestoreStartInput = z.input<typeof restoreStartInputSchema>;

export const restoreStartOutputSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("non_canonical") }),
  z.object({
    status: z.literal("deduped"),
    assignmentsRunId: id,
    reason: z.enum(["active", "cooldown"]).nullable(),
  }),
  z.object({
    status: z.literal("ready"),
    restoreRunId: id,
    actor: actorSchema,
    assignmentsRunId: id,
    targetTenantId: id,
    backupSetId: id,
    dryRun: z.boolean(),
    /** The stored plan (RestoreStore.savePlan): batches are passed by index, never as item payloads. */
    planKey: id,
    itemCount: z.number().int().nonnegative(),
    batchCount: z.number().int().nonnegative(),
  }),
]);
export type RestoreStartOutput = z.infer<typeof restoreStartOutputSchema>;

export const restoreItemsBatchInputSchema = z.object({
  workspaceId: id,
  restoreRunId: id,
  runId: id,
  stepKey: z.string().min(1),
  planKey: id,
  batchIndex: z.number().int().nonnegative(),
  /** The `restore.execute` run, whose failure log gets the same item failures (absent in older histories). */
  executeRunId: id.nullable().default(null),
});
export type RestoreItemsBatchInput = z.infer<typeof restoreItemsBatchInputSchema>;

const count = z.number().int().nonnegative();
export const restoreTallySchema = z.object({
  processed: count,
  succeeded: count,
  failed: count,
  skipped: count,
  created: count,
  updated: count,
  unchanged: count,
  written: count,
  forbidden: count,
});

export const restoreItemsBatchOutputSchema = z.object({
  stepKey: z.string().min(1),
  canonical: z.boolean(),
  /** The batch's results added up; the results themselves are on the RestoreRun. */
  tally: restoreTallySchema,
  /**
   * Only in histories from before the failure log (a batch's failed items); new outputs leave it empty: the
   * activity records them in the failure log, so history stays small however many items fail.
   */
  failed: z
    .array(z.object({ backupItemId: id, reasonCode: reasonCodeSchema, message: z.string().max(500) }))
    .max(100)
    .default([]),
});
export type RestoreItemsBatchOutput = z.infer<typeof restoreItemsBatchOutputSchema>;

export const restoreCompleteInputSchema = z.object({
  workspaceId: id,
  restoreRunId: id,
  runId: id,
  assignmentsRunId: id,
  targetTenantId: id,
  backupSetId: id,
  dryRun: z.boolean(),
  actor: actorSchema,
  outcome: completedOutcomeSchema,
  summaryCounts: summaryCountsSchema,
  failures: z.array(failureEntrySchema).max(200),
});
export type RestoreCompleteInput = z.infer<typeof restoreCompleteInputSchema>;

export const restoreExecuteOutputSchema = z.object({
  outcome: completedOutcomeSchema.nullable(),
  skipped: z.enum(["non_canonical_skip", "deduped"]).nullable(),
  assignmentsRunId: id.nullable(),
  summaryCounts: summaryCountsSchema,
});
export type RestoreExecuteOutput = z.infer<typeof restoreExecuteOutputSchema>;
