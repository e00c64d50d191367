// Pure decisions of the reconciler: what, if anything, to do with an active run given its orchestration's
// status, and with an active-run lock given its run. No I/O; the pass applies them with conditional writes.
import { z } from "zod";

import { operationDefinition } from "../domain/operationCatalog.js";
import {
  runOutcomeSchema,
  summaryCountsSchema,
  type OperationRun,
  type RunOutcome,
  type SummaryCounts,
} from "../domain/operationRun.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import type { OrchestrationStatus } from "../ports/orchestrationControl.js";
import type { RunLockView } from "../ports/runRepair.js";
import type { ReconcileOptions } from "./reconcileOptions.js";

/** The kinds of repair; with the repaired run id they make the audit id, and `ops.reconcile.<kind>` codes. */
export type RepairKind =
  | "orchestration_completed"
  | "orchestration_failed"
  | "orchestration_terminated"
  | "orchestration_missing"
  | "stale_flagged"
  | "lock_released";

export type RunDecision =
  | { kind: "none" }
  | {
      kind: "complete";
      repair: Exclude<RepairKind, "stale_flagged" | "lock_released">;
      outcome: Exclude<RunOutcome, "pending">;
      /** Null for a normal completion the run just failed to record. */
      reasonCode: ReasonCode | null;
      summaryCounts?: SummaryCounts;
    }
  | { kind: "flag_stale" };

/** Context key that marks a run as flagged stale (set once, so a later pass does not count it again). */
export const staleFlagKey = "staleFlaggedAt";

const finalOutcomeSchema = runOutcomeSchema.exclude(["pending"]);
const orchestrationOutputSchema = z.looseObject({
  outcome: finalOutcomeSchema.optional(),
  summaryCounts: summaryCountsSchema.optional(),
});

const minutes = (n: number): number => n * 60_000;

/**
 * The Durable instance that works a run: its own (instance id = run id), except for an `assignments.restore`
 * run, which its `restore.execute` parent's orchestration works (named by `context.parentRunId`) and which
 * therefore never has an instance of its own.
 */
export function orchestrationInstanceId(run: OperationRun): string {
  const parent = run.context.parentRunId;
  return run.type === "assignments.restore" && typeof parent === "string" ? parent : run.id;
}

export function decideRun(
  run: OperationRun,
  status: OrchestrationStatus | null,
  now: Date,
  options: ReconcileOptions,
): RunDecision {
  const age = now.getTime() - Date.parse(run.createdAt);
  switch (status?.runtimeStatus) {
    case undefined:
      // Between the ledger write and the orchestration start, a run legitimately has no instance yet.
      return age > minutes(options.graceMinutes)
        ? {
            kind: "complete",
            repair: "orchestration_missing",
            outcome: "failed",
            reasonCode: "orchestration_missing",
          }
        : { kind: "none" };
    case "Completed": {
      const output = orchestrationOutputSchema.safeParse(status.output);
      const outcome = output.success ? (output.data.outcome ?? "succeeded") : "succeeded";
      const counts = output.success ? output.data.summaryCounts : undefined;
      return {
        kind: "complete",
        repair: "orchestration_completed",
        outcome,
        reasonCode: null,
        ...(counts === undefined ? {} : { summaryCounts: counts }),
      };
    }
    case "Failed":
      return {
        kind: "complete",
        repair: "orchestration_failed",
        outcome: "failed",
        reasonCode: "orchestration_failed",
      };
    case "Terminated":
    case "Canceled":
      // A cancel terminates first and then completes the run; a crash between the two leaves this state.
      return {
        kind: "complete",
        repair: "orchestration_terminated",
        outcome: "cancelled",
        reasonCode: "orchestration_terminated",
      };
    default: {
      // Pending, Running, ContinuedAsNew, Suspended: alive; only check whether it is taking far too long.
      if (run.context[staleFlagKey] !== undefined) return { kind: "none" };
      const since = Date.parse(run.startedAt ?? run.createdAt);
      const limit = operationDefinition(run.type).expectedDurationSeconds * 1000 * options.staleFactor;
      return now.getTime() - since > limit ? { kind: "flag_stale" } : { kind: "none" };
    }
  }
}

/**
 * A lock is left behind when its run is missing past the grace period (a crash between the protocol's
 * writes, or a deleted run) or completed with any cooldown over (a crash before the release).
 */
export function shouldReleaseLock(
  lock: RunLockView,
  run: OperationRun | null,
  now: Date,
  options: ReconcileOptions,
): boolean {
  if (run === null) return now.getTime() - Date.parse(lock.updatedAt) > minutes(options.graceMinutes);
  if (run.status !== "completed") return false;
  if (!operationDefinition(run.type).cooldown || options.cooldownMinutes <= 0) return true;
  const cooldownUntil =
    lock.cooldownUntil === null
      ? Date.parse(run.completedAt ?? run.updatedAt) + minutes(options.cooldownMinutes)
      : Date.parse(lock.cooldownUntil);
  return cooldownUntil <= now.getTime();
}
