// Activities of the restore execution: start (own the `assignments.restore` run, match target policies),
// restore one batch of items (read current, diff, write only what differs), complete (one audit entry).
import * as df from "durable-functions";

import type { DirectoryReference } from "../shared/assignments/assignmentReferences.js";
import type { BackupItem } from "../shared/backup/backupDocuments.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";
import type { PolicyAssignment } from "../shared/assignments/policyAssignment.js";
import type { DirectoryObject, DirectoryQuery, PolicyGraph } from "../shared/ports/policyGraph.js";
import { planRestoreItem } from "../shared/restore/planRestoreItem.js";
import { restoreAuditEntry } from "../shared/restore/restoreAudit.js";
import type { ObjectMapping, RestoreItemResult, RestoreRun } from "../shared/restore/restoreRun.js";
import { targetDirectory } from "../shared/restore/targetDirectory.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import {
  activityNames,
  restoreCompleteInputSchema,
  type RestoreItemsBatchOutput,
  restoreItemsBatchInputSchema,
  type RestoreStartOutput,
  restoreStartInputSchema,
  type RestoreWorkItem,
} from "./contracts.js";
import { isTransient, permanentGraphError } from "./graphFailure.js";

class RestoreRunNotFoundError extends Error {
  constructor(restoreRunId: string) {
    super(`restoreRunId: ${restoreRunId} not found`);
    this.name = "RestoreRunNotFoundError";
  }
}

async function restoreRun(
  deps: ActivityDeps,
  workspaceId: string,
  restoreRunId: string,
): Promise<RestoreRun> {
  const run = await deps.restores.get(workspaceId, restoreRunId);
  if (run === null) throw new RestoreRunNotFoundError(restoreRunId);
  return run;
}

async function backupItemsOf(deps: ActivityDeps, run: RestoreRun): Promise<BackupItem[]> {
  const items: BackupItem[] = [];
  let continuation: string | null = null;
  do {
    const page = await deps.backups.listItems(run.workspaceId, run.backupSetId, 500, continuation);
    items.push(...page.items);
    continuation = page.continuation;
  } while (continuation !== null);
  const selected = run.selectedItemIds === null ? null : new Set(run.selectedItemIds);
  return items
    .filter((i) => selected === null || selected.has(i.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Target policy per item: the same id in the same tenant; elsewhere the same id, else one unique name. */
async function matchTargetPolicies(
  graph: PolicyGraph,
  run: RestoreRun,
  items: readonly BackupItem[],
): Promise<RestoreWorkItem[]> {
  const base = (i: BackupItem) => ({ backupItemId: i.id, policyType: i.policyType, policyId: i.policyId });
  if (run.sourceTenantId === run.targetTenantId) {
    return items.map((i) => ({ ...base(i), targetPolicyId: i.policyId, unavailable: null }));
  }
  const types = [...new Set(items.map((i) => i.policyType))].sort();
  const listed = new Map<
    string,
    { ids: Set<string>; byName: Map<string, string[]> } | { reasonCode: ReasonCode; message: string }
  >();
  for (const type of types) {
    try {
      const policies = await graph.listPolicies(run.targetTenantId, type);
      const byName = new Map<string, string[]>();
      for (const p of policies) byName.set(p.displayName, [...(byName.get(p.displayName) ?? []), p.policyId]);
      listed.set(type, { ids: new Set(policies.map((p) => p.policyId)), byName });
    } catch (error) {
      const permanent = permanentGraphError(error);
      if (permanent === null) throw error;
      listed.set(type, { reasonCode: permanent.reasonCode, message: permanent.message.slice(0, 500) });
    }
  }
  return items.map((item) => {
    const target = listed.get(item.policyType);
    if (target === undefined || "reasonCode" in target) {
      return { ...base(item), targetPolicyId: null, unavailable: target ?? null };
    }
    if (target.ids.has(item.policyId))
      return { ...base(item), targetPolicyId: item.policyId, unavailable: null };
    const named = target.byName.get(item.displayName) ?? [];
    const only = named[0];
    if (named.length === 1 && only !== undefined)
      return { ...base(item), targetPolicyId: only, unavailable: null };
    return {
      ...base(item),
      targetPolicyId: null,
      unavailable: {
        reasonCode: "graph_not_found" as const,
        message:
          named.length === 0
            ? "no policy with this id or display name in the target tenant"
            : `${named.length} policies share this display name in the target tenant; none was guessed`,
      },
    };
  });
}

export async function restoreStart(input: unknown, deps: ActivityDeps): Promise<RestoreStartOutput> {
  const start = restoreStartInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, start.workspaceId, start.runId, activityNames.restoreStart))) {
    return { status: "non_canonical" };
  }
  const run = await restoreRun(deps, start.workspaceId, start.restoreRunId);
  await deps.ledger.markRunning(start.workspaceId, start.runId);
  const child = await deps.ledger.start({
    workspaceId: start.workspaceId,
    tenantId: run.targetTenantId,
    type: "assignments.restore",
    initiator: { userId: start.actor.userId, name: start.actor.name },
    identityInputs: { restoreRunId: run.id, targetTenantId: run.targetTenantId },
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
  await deps.restores.clearResults(start.workspaceId, run.id);
  await deps.restores.update(start.workspaceId, run.id, {
    status: "running",
    outcome: "pending",
    executeRunId: start.runId,
    assignmentsRunId: child.run.id,
    completedAt: null,
  });
  const items = await matchTargetPolicies(deps.graph, run, await backupItemsOf(deps, run));
  return {
    status: "ready",
    assignmentsRunId: child.run.id,
    targetTenantId: run.targetTenantId,
    backupSetId: run.backupSetId,
    dryRun: run.dryRun,
    items,
  };
}

function query(refs: readonly DirectoryReference[], mapping: ObjectMapping): DirectoryQuery {
  const ids = new Set<string>(Object.values(mapping.map));
  const displayNames = new Set<string>();
  for (const ref of refs) {
    if (mapping.strategy === "id") ids.add(ref.id);
    if (mapping.strategy === "displayName" && ref.displayName !== null) displayNames.add(ref.displayName);
  }
  return { ids: [...ids].sort(), displayNames: [...displayNames].sort() };
}

async function lookup(
  resolve: (q: DirectoryQuery) => Promise<DirectoryObject[]>,
  q: DirectoryQuery,
): Promise<DirectoryObject[]> {
  return q.ids.length === 0 && q.displayNames.length === 0 ? [] : resolve(q);
}

function failed(
  work: RestoreWorkItem,
  reasonCode: ReasonCode,
  message: string,
  now: string,
): RestoreItemResult {
  return {
    backupItemId: work.backupItemId,
    policyType: work.policyType,
    sourcePolicyId: work.policyId,
    targetPolicyId: work.targetPolicyId,
    action: "failed",
    applied: false,
    reasonCode,
    message: message.slice(0, 500),
    added: 0,
    kept: 0,
    removed: 0,
    unmapped: [],
    completedAt: now,
  };
}

export async function restoreItemsBatch(
  input: unknown,
  deps: ActivityDeps,
): Promise<RestoreItemsBatchOutput> {
  const batch = restoreItemsBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    return { stepKey: batch.stepKey, canonical: false, results: [] };
  }
  const run = await restoreRun(deps, batch.workspaceId, batch.restoreRunId);
  const tenant = run.targetTenantId;
  const now = deps.clock.now().toISOString();
  const items = new Map(
    (
      await deps.backups.getItems(
        batch.workspaceId,
        batch.items.map((i) => i.backupItemId),
      )
    ).map((i) => [i.id, i]),
  );
  // Results this execution already recorded: an attempt that wrote and then crashed is not reported as unchanged.
  const earlier = new Map(run.results.map((r) => [r.backupItemId, r]));

  const readable = batch.items.filter((w) => w.targetPolicyId !== null && items.has(w.backupItemId));
  const current = new Map<string, PolicyAssignment[] | { reasonCode: ReasonCode; message: string }>();
  if (readable.length > 0) {
    const refs = readable.map((w) => ({ policyType: w.policyType, policyId: w.targetPolicyId ?? "" }));
    for (const r of await deps.graph.fetchAssignments(tenant, refs)) {
      if (!r.ok && isTransient(r.reasonCode)) throw new Error(`fetchAssignments: ${r.reasonCode}`);
      current.set(
        `${r.policyType}\u001f${r.policyId}`,
        r.ok ? r.assignments : { reasonCode: r.reasonCode, message: r.message },
      );
    }
  }

  const present = [...items.values()];
  const [groups, filters] = await Promise.all([
    lookup(
      (q) => deps.graph.resolveGroups(tenant, q),
      query(
        present.flatMap((i) => i.references.groups),
        run.groupMapping,
      ),
    ),
    lookup(
      (q) => deps.graph.resolveFilters(tenant, q),
      query(
        present.flatMap((i) => i.references.filters),
        run.filterMapping,
      ),
    ),
  ]);
  const mapping = {
    groupMapping: run.groupMapping,
    filterMapping: run.filterMapping,
    groups: targetDirectory(groups),
    filters: targetDirectory(filters),
    missingTargetPolicy: run.missingTargetPolicy,
  };

  const results: RestoreItemResult[] = [];
  for (const work of batch.items) {
    const item = items.get(work.backupItemId);
    if (item === undefined) {
      results.push(failed(work, "validation_failed", "backup item not found", now));
      continue;
    }
    if (work.unavailable !== null) {
      results.push(failed(work, work.unavailable.reasonCode, work.unavailable.message, now));
      continue;
    }
    const read =
      work.targetPolicyId === null ? null : current.get(`${work.policyType}\u001f${work.targetPolicyId}`);
    if (read !== undefined && read !== null && !Array.isArray(read)) {
      if (read.reasonCode !== "graph_not_found") {
        results.push(failed(work, read.reasonCode, read.message, now));
        continue;
      }
    }
    const plan = planRestoreItem({
      item,
      targetPolicyId: work.targetPolicyId,
      current: Array.isArray(read) ? read : null,
      mapping,
      dryRun: run.dryRun,
      now,
    });
    let result = plan.result;
    if (plan.write !== null && work.targetPolicyId !== null) {
      try {
        await deps.graph.assign(
          tenant,
          { policyType: work.policyType, policyId: work.targetPolicyId },
          plan.write,
        );
      } catch (error) {
        const permanent = permanentGraphError(error);
        if (permanent === null) throw error;
        result = failed(work, permanent.reasonCode, permanent.message, now);
      }
      await deps.restores.upsertResults(batch.workspaceId, run.id, [result]);
    } else {
      const before = earlier.get(work.backupItemId);
      if (result.action === "unchanged" && before?.applied === true) result = before;
    }
    results.push(result);
  }
  await deps.restores.upsertResults(batch.workspaceId, run.id, results);
  return { stepKey: batch.stepKey, canonical: true, results };
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
export const restoreCompleteActivity = df.app.activity(activityNames.restoreComplete, {
  handler: (input: unknown) => restoreComplete(input, getActivityDeps()),
});
