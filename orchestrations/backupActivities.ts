// Activities of the backup orchestration: start, list one policy type and store its items, start the
// assignment fetch run, complete. Each first checks it still belongs to the canonical run.
import * as df from "durable-functions";

import { type BackupSet, backupSelectionSchema } from "../shared/backup/backupDocuments.js";
import { zeroBackupCounts } from "../shared/backup/backupSummary.js";
import { storePolicyType } from "../shared/backup/storePolicyType.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import {
  activityNames,
  type AssignmentsFetchStartOutput,
  assignmentsFetchStartInputSchema,
  backupCompleteInputSchema,
  type BackupListTypeOutput,
  backupListTypeInputSchema,
  type BackupStartOutput,
  backupStartInputSchema,
} from "./contracts.js";

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`runId: ${runId} not found`);
    this.name = "RunNotFoundError";
  }
}

export async function backupStart(input: unknown, deps: ActivityDeps): Promise<BackupStartOutput> {
  const start = backupStartInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, start.workspaceId, start.runId, activityNames.backupStart))) {
    return { canonical: false };
  }
  const run = await deps.ledger.get(start.workspaceId, start.runId);
  if (run === null || run.tenantId === null) throw new RunNotFoundError(start.runId);
  const backupSetId = typeof run.context.backupSetId === "string" ? run.context.backupSetId : run.id;
  const parsedSelection = backupSelectionSchema.safeParse(run.context.selection ?? {});
  const selection = parsedSelection.success ? parsedSelection.data : {};
  const initiator = { userId: run.userId, name: run.initiatorName };
  await deps.ledger.markRunning(start.workspaceId, start.runId);
  const existing = await deps.backups.getBackupSet(start.workspaceId, backupSetId);
  if (existing === null) {
    const set: BackupSet = {
      id: backupSetId,
      docType: "backupSet",
      workspaceId: start.workspaceId,
      tenantId: run.tenantId,
      runId: start.runId,
      assignmentsRunId: null,
      selection,
      status: "running",
      summaryCounts: zeroBackupCounts,
      createdAt: deps.clock.now().toISOString(),
      completedAt: null,
    };
    await deps.backups.saveBackupSet(set);
  }
  const supported = deps.graph.policyTypes();
  const wanted = selection.policyTypes ?? [];
  const policyTypes = wanted.length === 0 ? [...supported] : supported.filter((t) => wanted.includes(t));
  return { canonical: true, tenantId: run.tenantId, backupSetId, selection, initiator, policyTypes };
}

export async function backupListType(input: unknown, deps: ActivityDeps): Promise<BackupListTypeOutput> {
  const step = backupListTypeInputSchema.parse(input);
  const none = { policyType: step.policyType, listed: 0, failure: null };
  if (!(await isCanonicalRun(deps, step.workspaceId, step.runId, `list:${step.policyType}`))) {
    return { ...none, canonical: false };
  }
  const stored = await storePolicyType(deps, step);
  if (!stored.ok) return { ...none, canonical: true, failure: stored.failure };
  return {
    policyType: step.policyType,
    canonical: true,
    listed: stored.items.length,
    failure: null,
  };
}

/** Starts (or finds) the `assignments.fetch` run of this backup set through the ledger's dedupe. */
export async function assignmentsFetchStart(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchStartOutput> {
  const start = assignmentsFetchStartInputSchema.parse(input);
  const { run, deduped, reason } = await deps.ledger.start({
    workspaceId: start.workspaceId,
    tenantId: start.tenantId,
    type: "assignments.fetch",
    initiator: start.initiator,
    // The catalog keys assignments.fetch by `backupItemId`; this run covers every item of the set.
    identityInputs: { backupSetId: start.backupSetId, backupItemId: `${start.backupSetId}/*` },
    context: { backupSetId: start.backupSetId, parentRunId: start.parentRunId },
  });
  // A retry of this activity finds the run its first attempt created: that one is ours, not a duplicate.
  const ours = !deduped || run.context.parentRunId === start.parentRunId;
  if (!ours || run.status === "completed") {
    return { runId: run.id, deduped: true, reason: reason ?? "active" };
  }
  await deps.ledger.markRunning(start.workspaceId, run.id);
  await deps.ledger.linkChildRun?.(start.workspaceId, start.parentRunId, run.id);
  const set = await deps.backups.getBackupSet(start.workspaceId, start.backupSetId);
  if (set !== null && set.assignmentsRunId !== run.id) {
    await deps.backups.saveBackupSet({ ...set, assignmentsRunId: run.id });
  }
  return { runId: run.id, deduped: false, reason: null };
}

export async function backupComplete(input: unknown, deps: ActivityDeps): Promise<null> {
  const done = backupCompleteInputSchema.parse(input);
  const set = await deps.backups.getBackupSet(done.workspaceId, done.backupSetId);
  if (set !== null) {
    await deps.backups.saveBackupSet({
      ...set,
      assignmentsRunId: done.assignmentsRunId ?? set.assignmentsRunId,
      status: "completed",
      summaryCounts: done.summaryCounts,
      completedAt: set.completedAt ?? deps.clock.now().toISOString(),
    });
  }
  await deps.ledger.complete(done.workspaceId, done.runId, {
    outcome: done.outcome,
    summaryCounts: done.summaryCounts,
    failures: done.failures,
  });
  return null;
}

export const backupStartActivity = df.app.activity(activityNames.backupStart, {
  handler: (input: unknown) => backupStart(input, getActivityDeps()),
});
export const backupListTypeActivity = df.app.activity(activityNames.backupListType, {
  handler: (input: unknown) => backupListType(input, getActivityDeps()),
});
export const assignmentsFetchStartActivity = df.app.activity(activityNames.assignmentsFetchStart, {
  handler: (input: unknown) => assignmentsFetchStart(input, getActivityDeps()),
});
export const backupCompleteActivity = df.app.activity(activityNames.backupComplete, {
  handler: (input: unknown) => backupComplete(input, getActivityDeps()),
});
