// The spec 053 operator mapping of a run's (status, outcome) to one status an operator reads.
import type { OperationRun, RunOutcome, RunStatus } from "./contracts.js";

export const statusBuckets = [
  "queued",
  "running",
  "succeeded",
  "partially_succeeded",
  "failed",
  "blocked",
  "cancelled",
] as const;
export type StatusBucket = (typeof statusBuckets)[number];

export const statusBucketLabels: Record<StatusBucket, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  partially_succeeded: "Partially succeeded",
  failed: "Failed",
  blocked: "Blocked",
  cancelled: "Cancelled",
};

export function statusBucketOf(run: { status: RunStatus; outcome: RunOutcome }): StatusBucket {
  if (run.status === "queued") return "queued";
  if (run.status === "running") return "running";
  return run.outcome === "pending" ? "running" : run.outcome;
}

export function isActive(run: Pick<OperationRun, "status">): boolean {
  return run.status !== "completed";
}

/** API filter for an operator status: queued/running filter `status`, the rest filter `outcome`. */
export function bucketToFilter(bucket: StatusBucket): { status?: RunStatus; outcome?: RunOutcome } {
  if (bucket === "queued" || bucket === "running") return { status: bucket };
  return { outcome: bucket };
}
