// Spec 053 notifications: on run queued and completed, one notification for the initiator, linking to the
// run. Recorded once per (run, event, recipient); runs started by the system (no userId) notify no one.
import { createHash } from "node:crypto";

import { type NotificationEvent, type Notification, statusBucketOf } from "../domain/notification.js";
import type { OperationRun } from "../domain/operationRun.js";
import type { NotificationStore } from "../ports/notificationStore.js";
import { runPath } from "./runLinks.js";

/** A short failure summary from already-sanitized failure entries: reason codes and the first message. */
export function errorSummaryOf(run: OperationRun): string | null {
  const failures = run.failureSummary;
  const first = failures[0];
  if (first === undefined) return null;
  // The counts cover the whole failure log; the preview only its first entries (older runs lack counts).
  const counts = Object.entries(run.failureCounts ?? {}).sort((a, b) => b[1] - a[1]);
  const total = counts.length > 0 ? counts.reduce((sum, [, n]) => sum + n, 0) : failures.length;
  const reasons = counts.length > 0 ? counts.map(([code]) => code) : failures.map((f) => f.reasonCode);
  const codes = [...new Set(reasons)].slice(0, 5).join(", ");
  const text = `${String(total)} failure(s) [${codes}]: ${first.message}`;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

export function runNotification(run: OperationRun, event: NotificationEvent, now: Date): Notification | null {
  if (run.userId === null) return null;
  const id = createHash("sha256").update(`${run.id}\n${event}\n${run.userId}`).digest("hex");
  return {
    id,
    docType: "notification",
    workspaceId: run.workspaceId,
    recipientUserId: run.userId,
    tenantId: run.tenantId,
    runId: run.id,
    runType: run.type,
    event,
    statusBucket: statusBucketOf(run),
    summaryCounts: run.summaryCounts,
    errorSummary: event === "completed" ? errorSummaryOf(run) : null,
    link: runPath(run.workspaceId, run.id),
    createdAt: now.toISOString(),
    readAt: null,
  };
}

/** Records the notification for a run event (no-op for system runs or a second record). */
export async function notifyRun(
  store: NotificationStore,
  run: OperationRun,
  event: NotificationEvent,
  now: Date,
): Promise<void> {
  const notification = runNotification(run, event, now);
  if (notification !== null) await store.record(notification);
}
