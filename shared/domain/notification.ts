// A run lifecycle notification for the run's initiator (spec 053): queued and completed events linking to
// the run, with the operator-facing status bucket, summary counts and a sanitized error summary.
import { z } from "zod";

import type { OperationRun } from "./operationRun.js";
import { summaryCountsSchema } from "./operationRun.js";
import { operationTypeSchema } from "./operationTypes.js";

export const statusBucketSchema = z.enum(["queued", "running", "succeeded", "partial", "failed"]);
export type StatusBucket = z.infer<typeof statusBucketSchema>;

export const notificationEventSchema = z.enum(["queued", "completed"]);
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

export const notificationSchema = z.object({
  id: z.string().min(1),
  docType: z.literal("notification"),
  workspaceId: z.string().min(1),
  /** Membership userId of the run's initiator. */
  recipientUserId: z.string().min(1),
  tenantId: z.string().min(1).nullable(),
  runId: z.string().min(1),
  runType: operationTypeSchema,
  event: notificationEventSchema,
  statusBucket: statusBucketSchema,
  summaryCounts: summaryCountsSchema,
  /** Sanitized: reason codes and bounded messages already stored on the run; null when nothing failed. */
  errorSummary: z.string().max(500).nullable(),
  /** API path of the run. */
  link: z.string().min(1),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** Spec 053 status mapping, in the ledger's terms. */
export function statusBucketOf(run: Pick<OperationRun, "status" | "outcome">): StatusBucket {
  if (run.status === "queued") return "queued";
  if (run.status === "running") return "running";
  switch (run.outcome) {
    case "succeeded":
      return "succeeded";
    case "partially_succeeded":
      return "partial";
    default:
      return "failed";
  }
}
