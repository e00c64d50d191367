// What one OperationRun transition looks like in Application Insights: a custom event carrying the run's
// ids (operationRunId is the pivot from the dashboard to telemetry) and metrics with bounded dimensions.
import type { OperationRun } from "../domain/operationRun.js";

export const RUN_TRANSITION_EVENT = "OperationRunTransition";
export const RUN_TRANSITIONS_METRIC = "OperationRun.Transitions";
export const RUN_DURATION_METRIC = "OperationRun.DurationMs";
export const RUN_QUEUE_METRIC = "OperationRun.QueuedMs";
export const RUN_SUMMARY_COUNT_METRIC = "OperationRun.SummaryCount";

export interface TelemetryEventRecord {
  name: string;
  properties: Record<string, string>;
  measurements: Record<string, number>;
}

export interface TelemetryMetricRecord {
  name: string;
  value: number;
  properties: Record<string, string>;
}

export interface RunTransitionTelemetry {
  event: TelemetryEventRecord;
  metrics: TelemetryMetricRecord[];
}

function millisBetween(from: string | null, to: string | null): number | undefined {
  if (from === null || to === null) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Describes a run's current state as telemetry. Only ids, enums, codes and numbers are used: never the
 * initiator's name, user id, context text or failure messages (those may hold personal data).
 * Metrics carry type/status/outcome (and countKey) only, so their cardinality stays bounded; the per-run
 * pivot is the event's operationRunId.
 */
export function describeRunTransition(run: OperationRun): RunTransitionTelemetry {
  const queuedMs = millisBetween(run.createdAt, run.startedAt ?? run.completedAt);
  const durationMs = millisBetween(run.startedAt ?? run.createdAt, run.completedAt);
  const reasonCodes = [...new Set(run.failureSummary.map((f) => f.reasonCode))].sort();
  const completed = run.status === "completed";

  const properties: Record<string, string> = {
    operationRunId: run.id,
    workspaceId: run.workspaceId,
    tenantId: run.tenantId ?? "",
    type: run.type,
    status: run.status,
    outcome: run.outcome,
    runIdentityHash: run.runIdentityHash,
    initiatedBy: run.userId === null ? "system" : "user",
    reasonCodes: reasonCodes.join(","),
  };
  if (typeof run.context.parentRunId === "string") properties.parentRunId = run.context.parentRunId;

  const measurements: Record<string, number> = { failureCount: run.failureSummary.length };
  if (queuedMs !== undefined && run.status !== "queued") measurements.queuedMs = queuedMs;
  if (durationMs !== undefined && completed) measurements.durationMs = durationMs;
  for (const [key, value] of Object.entries(run.summaryCounts)) measurements[`count.${key}`] = value;

  const dims = { type: run.type, status: run.status, outcome: run.outcome };
  const metrics: TelemetryMetricRecord[] = [{ name: RUN_TRANSITIONS_METRIC, value: 1, properties: dims }];
  if (run.status === "running" && queuedMs !== undefined) {
    metrics.push({ name: RUN_QUEUE_METRIC, value: queuedMs, properties: dims });
  }
  if (completed) {
    if (durationMs !== undefined)
      metrics.push({ name: RUN_DURATION_METRIC, value: durationMs, properties: dims });
    // Final counts only, so a dashboard sum over completed runs counts each item once.
    for (const [countKey, value] of Object.entries(run.summaryCounts)) {
      metrics.push({ name: RUN_SUMMARY_COUNT_METRIC, value, properties: { ...dims, countKey } });
    }
  }
  return { event: { name: RUN_TRANSITION_EVENT, properties, measurements }, metrics };
}
