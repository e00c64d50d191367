// The OperationRun lifecycle as a state machine: status only moves queued → running → completed (never
// back), outcome is `pending` until completed and never `pending` after. Illegal transitions throw.
import {
  operationRunSchema,
  type FailureCounts,
  type FailureEntry,
  type OperationRun,
  type RunContext,
  type RunOutcome,
  type RunStatus,
  type SummaryCounts,
} from "./operationRun.js";
import type { OperationType } from "./operationTypes.js";
import { IllegalTransitionError, ValidationError } from "./errors.js";
import { countFailuresByReason, normalizeFailures } from "./failures.js";
import { normalizeSummaryCounts } from "./summaryCounts.js";

export type FinalOutcome = Exclude<RunOutcome, "pending">;

/** Outcomes a run may end with without ever having run (blocked by a guard, cancelled, failed to start). */
const outcomesWithoutRunning: ReadonlySet<FinalOutcome> = new Set(["failed", "blocked", "cancelled"]);

const statusOrder: Readonly<Record<RunStatus, number>> = { queued: 0, running: 1, completed: 2 };

/** Whether `from → to` is a legal status move (staying in place is not a move). */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return statusOrder[to] > statusOrder[from];
}

/** Parses a run document and checks the cross-field invariants zod alone cannot express. */
export function validateRun(input: unknown): OperationRun {
  const parsed = operationRunSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.path.map(String).join(".") || "run", issue?.message ?? "invalid run");
  }
  const run = parsed.data;
  if (run.status === "completed") {
    if (run.outcome === "pending") throw new ValidationError("outcome", "must not be pending once completed");
    if (run.completedAt === null) throw new ValidationError("completedAt", "is required once completed");
  } else {
    if (run.outcome !== "pending") throw new ValidationError("outcome", "must be pending until completed");
    if (run.completedAt !== null) throw new ValidationError("completedAt", "must be null until completed");
  }
  if (run.status === "running" && run.startedAt === null) {
    throw new ValidationError("startedAt", "is required once running");
  }
  return run;
}

export interface NewRunInput {
  id: string;
  workspaceId: string;
  tenantId: string | null;
  type: OperationType;
  userId: string | null;
  initiatorName: string;
  runIdentityHash: string;
  context: RunContext;
  now: Date;
}

/** A fresh run: queued, outcome pending, no counts, no failures. */
export function newQueuedRun(input: NewRunInput): OperationRun {
  const at = input.now.toISOString();
  return validateRun({
    id: input.id,
    docType: "run",
    workspaceId: input.workspaceId,
    tenantId: input.tenantId,
    userId: input.userId,
    initiatorName: input.initiatorName,
    type: input.type,
    status: "queued",
    outcome: "pending",
    runIdentityHash: input.runIdentityHash,
    summaryCounts: {},
    failureSummary: [],
    context: input.context,
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    completedAt: null,
  });
}

/** queued → running. Already running answers the run unchanged (a replayed activity); completed throws. */
export function toRunning(run: OperationRun, now: Date): OperationRun {
  if (run.status === "running") return run;
  if (!canTransition(run.status, "running"))
    throw new IllegalTransitionError("status", run.status, "running");
  const at = now.toISOString();
  return { ...run, status: "running", startedAt: at, updatedAt: at };
}

export interface CompletionInput {
  outcome: FinalOutcome;
  summaryCounts?: Readonly<Record<string, unknown>> | undefined;
  failures?: readonly FailureEntry[] | undefined;
  /** Per reason code over the run's whole failure log; absent → counted from `failures`. */
  failureCounts?: FailureCounts | undefined;
  /** Distinct items with a failure in the whole log; absent → counted from `failures`. */
  failedItemCount?: number | undefined;
}

/**
 * queued|running → completed with a final outcome. A run that never ran may only end failed, blocked or
 * cancelled. Final counts replace earlier progress (final attempt wins); failures are sanitized again.
 * Completing an already completed run with the same outcome answers it unchanged (a retried activity);
 * with another outcome it is illegal.
 */
export function toCompleted(run: OperationRun, input: CompletionInput, now: Date): OperationRun {
  if ((input.outcome as RunOutcome) === "pending") {
    throw new IllegalTransitionError("outcome", run.outcome, "pending");
  }
  if (run.status === "completed") {
    if (run.outcome === input.outcome) return run;
    throw new IllegalTransitionError("outcome", run.outcome, input.outcome);
  }
  if (run.status === "queued" && !outcomesWithoutRunning.has(input.outcome)) {
    throw new IllegalTransitionError("status", "queued", `completed (${input.outcome})`);
  }
  const at = now.toISOString();
  const summaryCounts: SummaryCounts =
    input.summaryCounts === undefined
      ? run.summaryCounts
      : normalizeSummaryCounts(run.type, input.summaryCounts);
  const failureSummary =
    input.failures === undefined ? run.failureSummary : normalizeFailures([...input.failures]);
  const failureCounts = input.failureCounts ?? countFailuresByReason(failureSummary);
  const failedItemCount =
    input.failedItemCount ??
    new Set(failureSummary.flatMap((f) => (f.itemId === undefined ? [] : [f.itemId]))).size;
  return {
    ...run,
    status: "completed",
    outcome: input.outcome,
    summaryCounts,
    failureSummary,
    failureCounts,
    failedItemCount,
    startedAt: run.startedAt,
    completedAt: at,
    updatedAt: at,
  };
}

/** Live progress: replaces the counts (final attempt wins); a completed run no longer accepts progress. */
export function withProgress(
  run: OperationRun,
  summaryCounts: Readonly<Record<string, unknown>>,
  now: Date,
): OperationRun {
  if (run.status === "completed")
    throw new IllegalTransitionError("status", "completed", "completed (progress)");
  return {
    ...run,
    summaryCounts: normalizeSummaryCounts(run.type, summaryCounts),
    updatedAt: now.toISOString(),
  };
}
