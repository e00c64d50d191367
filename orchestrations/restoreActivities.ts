// Activities of the restore execution: start (own the `assignments.restore` run, match target policies and
// store the work plan in batches), restore one stored batch (shared/restore/restoreItems: read current, diff,
// write only what differs; answer a tally), complete (RestoreRun outcome, exactly one audit entry, both
// runs). Orchestration history carries plan keys, batch indexes and tallies — never item payloads.
import * as df from "durable-functions";

import { loadRestoreItems } from "../shared/restore/loadRestoreItems.js";
import { matchTargetPolicies } from "../shared/restore/matchTargetPolicies.js";
import { RestoreRunNotFoundError } from "../shared/restore/previewRestore.js";
import { restoreAuditEntry } from "../shared/restore/restoreAudit.js";
import { failRestoreBatch, type RestoredItem, restoreItems } from "../shared/restore/restoreItems.js";
import type { RestoreRun } from "../shared/restore/restoreRun.js";
import type { RestoreWorkItem } from "../shared/restore/restoreWorkItem.js";
import { restoreTally } from "../shared/restore/restoreSummary.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { chunk } from "./assignmentsFetchOrchestrator.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import { failureEntry } from "./graphFailure.js";
import {
  activityNames,
  restoreCompleteInputSchema,
  type RestoreItemsBatchOutput,
  restoreItemsBatchInputSchema,
  type RestoreStartOutput,
  restoreStartInputSchema,
} from "./contracts.js";

async function restoreRun(
  deps: ActivityDeps,
  workspaceId: string,
  restoreRunId: string,
): Promise<RestoreRun> {
  const run = await deps.restores.get(workspaceId, restoreRunId);
  if (run === null) throw new RestoreRunNotFoundError(restoreRunId);
  return run;
}

export async function restoreStart(input: unknown, deps: ActivityDeps): Promise<RestoreStartOutput> {
  const start = restoreStartInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, start.workspaceId, start.runId, activityNames.restoreStart))) {
    return { status: "non_canonical" };
  }
  const execute = await deps.ledger.get(start.workspaceId, start.runId);
  const restoreRunId = execute?.context.restoreRunId;
  if (execute === null || typeof restoreRunId !== "string")
    throw new RestoreRunNotFoundError(String(restoreRunId));
  const actor = {
    userId: execute.userId,
    name: execute.initiatorName,
    kind: execute.userId === null ? ("system" as const) : ("user" as const),
  };
  const run = await restoreRun(deps, start.workspaceId, restoreRunId);
  await deps.ledger.markRunning(start.workspaceId, start.runId);
  const child = await deps.ledger.start({
    workspaceId: start.workspaceId,
    tenantId: run.targetTenantId,
    type: "assignments.restore",
    initiator: { userId: actor.userId, name: actor.name },
    identityInputs: { restoreRunId: run.id },
    context: {
      restoreRunId: run.id,
      backupSetId: run.backupSetId,
      targetTenantId: run.targetTenantId,
      parentRunId: start.runId,
    },
  });
  // A retry of this activity finds the run its first attempt created: that one is ours.
  if (child.deduped && child.run.context.parentRunId !== start.runId) {
    return { status: "deduped", assignmentsRunId: child.run.id, reason: child.reason ?? "active" };
  }
  await deps.ledger.markRunning(start.workspaceId, child.run.id);
  await deps.ledger.linkChildRun?.(start.workspaceId, start.runId, child.run.id);
  await deps.restores.clearResults(start.workspaceId, run.id);
  await deps.restores.update(start.workspaceId, run.id, {
    status: "running",
    outcome: "pending",
    executeRunId: start.runId,
    assignmentsRunId: child.run.id,
    completedAt: null,
  });
  const items = await matchTargetPolicies(deps.graph, run, await loadRestoreItems(deps.backups, run));
  // Keyed by the assignments run: each execution has its own plan; a retry of this activity rewrites it.
  const planKey = child.run.id;
  const batches = chunk(items, start.batchSize);
  await deps.restores.savePlan(start.workspaceId, run.id, planKey, batches);
  return {
    status: "ready",
    restoreRunId: run.id,
    actor,
    assignmentsRunId: child.run.id,
    targetTenantId: run.targetTenantId,
    backupSetId: run.backupSetId,
    dryRun: run.dryRun,
    planKey,
    itemCount: items.length,
    batchCount: batches.length,
  };
}

const noTally = restoreTally([]);

/**
 * One batch of the stored plan after the canonical check: `work` restores it (or records it failed), then
 * every item failure goes to the failure log of both runs before the answer, which carries only the tally.
 */
async function batchStep(
  input: unknown,
  deps: ActivityDeps,
  work: (run: RestoreRun, items: readonly RestoreWorkItem[], now: string) => Promise<RestoredItem[]>,
): Promise<RestoreItemsBatchOutput> {
  const batch = restoreItemsBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    return { stepKey: batch.stepKey, canonical: false, tally: noTally, failed: [] };
  }
  const planned = await deps.restores.planBatch(
    batch.workspaceId,
    batch.restoreRunId,
    batch.planKey,
    batch.batchIndex,
  );
  if (planned === null) {
    throw new RestorePlanMissingError(`${batch.planKey}#${String(batch.batchIndex)}`);
  }
  const run = await restoreRun(deps, batch.workspaceId, batch.restoreRunId);
  const restored = await work(run, planned, deps.clock.now().toISOString());
  const results = restored.map((r) => r.result);
  // Every item failure, before the answer: the runs keep only a preview (a retry rewrites the same ids).
  const entries = restored.flatMap(({ result: r, itemName }) =>
    r.action === "failed"
      ? [
          failureEntry(
            "assignments.restore.item",
            r.reasonCode ?? "unknown",
            r.message ?? "",
            r.backupItemId,
            itemName,
          ),
        ]
      : [],
  );
  for (const runId of [batch.runId, ...(batch.executeRunId === null ? [] : [batch.executeRunId])]) {
    await deps.failureLog.record(batch.workspaceId, runId, entries);
  }
  return { stepKey: batch.stepKey, canonical: true, tally: restoreTally(results), failed: [] };
}

export function restoreItemsBatch(input: unknown, deps: ActivityDeps): Promise<RestoreItemsBatchOutput> {
  return batchStep(input, deps, (run, items, now) =>
    restoreItems(deps, run, items, { mode: "execute", now }),
  );
}

/** A batch that failed after every retry: its items are recorded failed, so the other batches go on. */
export function restoreItemsBatchFailed(
  input: unknown,
  deps: ActivityDeps,
): Promise<RestoreItemsBatchOutput> {
  return batchStep(input, deps, (run, items, now) => failRestoreBatch(deps, run, items, now));
}

/** A batch of the stored plan is missing (never expected: the start activity wrote it). */
export class RestorePlanMissingError extends Error {
  constructor(batch: string) {
    super(`restore plan batch ${batch} not found`);
    this.name = "RestorePlanMissingError";
  }
}

export async function restoreComplete(input: unknown, deps: ActivityDeps): Promise<null> {
  const done = restoreCompleteInputSchema.parse(input);
  const now = deps.clock.now().toISOString();
  await deps.restores.update(done.workspaceId, done.restoreRunId, {
    status: "completed",
    outcome: done.outcome,
    completedAt: now,
  });
  // Deterministic id: a retry, a restart or a repeated completion records nothing new.
  await deps.audit.record(
    restoreAuditEntry({
      workspaceId: done.workspaceId,
      targetTenantId: done.targetTenantId,
      restoreRunId: done.restoreRunId,
      backupSetId: done.backupSetId,
      runId: done.assignmentsRunId,
      actor: done.actor,
      outcome: done.outcome,
      counts: done.summaryCounts,
      dryRun: done.dryRun,
      timestamp: now,
    }),
  );
  const completion = { outcome: done.outcome, summaryCounts: done.summaryCounts, failures: done.failures };
  await deps.ledger.complete(done.workspaceId, done.assignmentsRunId, completion);
  await deps.ledger.complete(done.workspaceId, done.runId, completion);
  return null;
}

export const restoreStartActivity = df.app.activity(activityNames.restoreStart, {
  handler: (input: unknown) => restoreStart(input, getActivityDeps()),
});
export const restoreItemsBatchActivity = df.app.activity(activityNames.restoreItemsBatch, {
  handler: (input: unknown) => restoreItemsBatch(input, getActivityDeps()),
});
export const restoreItemsBatchFailedActivity = df.app.activity(activityNames.restoreItemsBatchFailed, {
  handler: (input: unknown) => restoreItemsBatchFailed(input, getActivityDeps()),
});
export const restoreCompleteActivity = df.app.activity(activityNames.restoreComplete, {
  handler: (input: unknown) => restoreComplete(input, getActivityDeps()),
});
