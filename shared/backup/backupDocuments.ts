// BackupSet, BackupItem and payload chunk documents (container `backups`, partition key /workspaceId).
import { z } from "zod";

import { assignmentReferencesSchema } from "../assignments/assignmentReferences.js";
import { policyAssignmentSchema } from "../assignments/policyAssignment.js";
import { reasonCodeSchema } from "../domain/reasonCodes.js";
import { backupCountsSchema } from "./backupSummary.js";

export const backupSelectionSchema = z.object({
  /** Policy types to back up; empty or absent means every supported type. */
  policyTypes: z.array(z.string().min(1).max(100)).max(100).optional(),
  /** Only these policy ids (within the selected types); absent means all. */
  policyIds: z.array(z.string().min(1).max(200)).max(10_000).optional(),
});
export type BackupSelection = z.infer<typeof backupSelectionSchema>;

export const backupSetSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("backupSet"),
  workspaceId: z.string().min(1),
  tenantId: z.string().min(1),
  /** The `backup_set.create` run that produced this set. */
  runId: z.string().min(1),
  /** The `assignments.fetch` run, once started. */
  assignmentsRunId: z.string().min(1).nullable(),
  selection: backupSelectionSchema,
  status: z.enum(["running", "completed"]),
  summaryCounts: backupCountsSchema,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type BackupSet = z.infer<typeof backupSetSchema>;

export const itemFailureSchema = z.object({
  reasonCode: reasonCodeSchema,
  /** Sanitized, bounded. */
  message: z.string().max(500),
});
export type ItemFailure = z.infer<typeof itemFailureSchema>;

export const backupItemSchema = z.object({
  /** backupItemId(backupSetId, policyType, policyId). */
  id: z.string().min(1),
  docType: z.literal("backupItem"),
  workspaceId: z.string().min(1),
  tenantId: z.string().min(1),
  backupSetId: z.string().min(1),
  policyType: z.string().min(1),
  policyId: z.string().min(1),
  displayName: z.string().max(512),
  /** The whole policy when it fits the document; null when it is stored in `payloadChunks` chunk documents. */
  payload: z.record(z.string(), z.unknown()).nullable(),
  payloadChunks: z.number().int().nonnegative(),
  payloadBytes: z.number().int().nonnegative(),
  payloadSha256: z.string().regex(/^[a-f0-9]{64}$/),
  /** `pending` until the assignment fetch has run for this item. */
  assignmentsStatus: z.enum(["pending", "fetched", "failed"]),
  assignments: z.array(policyAssignmentSchema).nullable(),
  references: assignmentReferencesSchema,
  failure: itemFailureSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

export const payloadChunkSchema = z.object({
  /** payloadChunkId(backupItemId, index). */
  id: z.string().min(1),
  docType: z.literal("backupPayloadChunk"),
  workspaceId: z.string().min(1),
  backupItemId: z.string().min(1),
  index: z.number().int().nonnegative(),
  /** A slice of the payload's canonical JSON text, cut on a UTF-8 character boundary. */
  data: z.string(),
});
export type PayloadChunk = z.infer<typeof payloadChunkSchema>;
