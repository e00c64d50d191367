// The assignment fetch activity: for one batch of backup items, fetch the assignments the list could not
// expand ($batch behind the port), resolve group and filter display names, and record per-item results.
import * as df from "durable-functions";

import type { PolicyAssignment } from "../shared/assignments/policyAssignment.js";
import { referencedIds } from "../shared/assignments/assignmentReferences.js";
import type { BackupItem } from "../shared/backup/backupDocuments.js";
import {
  referencesFor,
  withAssignments,
  withAssignmentsFailure,
} from "../shared/backup/backupItemBuilder.js";
import { zeroBackupCounts } from "../shared/backup/backupSummary.js";
import type { FailureEntry } from "../shared/domain/operationRun.js";
import type { ReasonCode } from "../shared/domain/reasonCodes.js";
import {
  type AssignmentsResult,
  type DirectoryObject,
  permanentGraphError,
  type PolicyGraph,
} from "../shared/ports/policyGraph.js";
import { type ActivityDeps, getActivityDeps } from "./activityDeps.js";
import { isCanonicalRun } from "./canonicalCheck.js";
import {
  activityNames,
  type AssignmentsFetchBatchOutput,
  assignmentsFetchBatchInputSchema,
} from "./contracts.js";
import { failureEntry } from "./graphFailure.js";

type Outcome =
  { ok: true; assignments: PolicyAssignment[] } | { ok: false; reasonCode: ReasonCode; message: string };

async function namesOf(
  resolve: () => Promise<DirectoryObject[]>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  try {
    return new Map((await resolve()).map((o) => [o.id.toLowerCase(), o.displayName]));
  } catch (error) {
    // Without directory read permission the backup still holds the ids; a restore by name reports them unmapped.
    if (permanentGraphError(error) !== null) return new Map();
    throw error;
  }
}

async function fetchRemaining(
  graph: PolicyGraph,
  tenantId: string,
  items: readonly BackupItem[],
): Promise<Map<string, AssignmentsResult | { ok: false; reasonCode: ReasonCode; message: string }>> {
  const refs = items.map((i) => ({ policyType: i.policyType, policyId: i.policyId }));
  const byKey = new Map<string, AssignmentsResult | { ok: false; reasonCode: ReasonCode; message: string }>();
  if (refs.length === 0) return byKey;
  try {
    for (const result of await graph.fetchAssignments(tenantId, refs)) {
      byKey.set(`${result.policyType}\u001f${result.policyId}`, result);
    }
  } catch (error) {
    const permanent = permanentGraphError(error);
    if (permanent === null) throw error;
    for (const ref of refs) {
      byKey.set(`${ref.policyType}\u001f${ref.policyId}`, {
        ok: false,
        reasonCode: permanent.reasonCode,
        message: permanent.message,
      });
    }
  }
  return byKey;
}

export async function assignmentsFetchBatch(
  input: unknown,
  deps: ActivityDeps,
): Promise<AssignmentsFetchBatchOutput> {
  const batch = assignmentsFetchBatchInputSchema.parse(input);
  if (!(await isCanonicalRun(deps, batch.workspaceId, batch.runId, batch.stepKey))) {
    return { stepKey: batch.stepKey, canonical: false, counts: zeroBackupCounts, failures: [] };
  }
  const stored = new Map(
    (
      await deps.backups.getItems(
        batch.workspaceId,
        batch.items.map((i) => i.itemId),
      )
    ).map((i) => [i.id, i]),
  );
  const present = batch.items.flatMap((w) => {
    const item = stored.get(w.itemId);
    return item === undefined ? [] : [item];
  });
  const toFetch = present.filter((item) => item.assignments === null || item.assignmentsStatus === "failed");
  const fetched = await fetchRemaining(deps.graph, batch.tenantId, toFetch);

  const outcomes = new Map<string, Outcome>();
  for (const work of batch.items) {
    const item = stored.get(work.itemId);
    if (item === undefined) {
      outcomes.set(work.itemId, {
        ok: false,
        reasonCode: "validation_failed",
        message: "backup item not found",
      });
      continue;
    }
    const result = fetched.get(`${item.policyType}\u001f${item.policyId}`);
    if (result === undefined) {
      outcomes.set(item.id, { ok: true, assignments: item.assignments ?? [] });
    } else if (result.ok) {
      outcomes.set(item.id, { ok: true, assignments: result.assignments });
    } else {
      outcomes.set(item.id, { ok: false, reasonCode: result.reasonCode, message: result.message });
    }
  }

  const all = [...outcomes.values()].flatMap((o) => (o.ok ? o.assignments : []));
  const { groupIds, filterIds } = referencedIds(all);
  const [groupNames, filterNames] = await Promise.all([
    namesOf(() => deps.graph.resolveGroups(batch.tenantId, { ids: groupIds, displayNames: [] }), groupIds),
    namesOf(() => deps.graph.resolveFilters(batch.tenantId, { ids: filterIds, displayNames: [] }), filterIds),
  ]);

  const now = deps.clock.now().toISOString();
  const updated: BackupItem[] = [];
  const failures: FailureEntry[] = [];
  const counts = { ...zeroBackupCounts };
  for (const item of present) {
    const outcome = outcomes.get(item.id);
    if (outcome === undefined) continue;
    if (outcome.ok) {
      updated.push(
        withAssignments(
          item,
          outcome.assignments,
          referencesFor(outcome.assignments, groupNames, filterNames),
          now,
        ),
      );
      counts.succeeded += 1;
      counts.assignments += outcome.assignments.length;
    } else {
      updated.push(withAssignmentsFailure(item, outcome, now));
    }
  }
  for (const [itemId, outcome] of outcomes) {
    counts.processed += 1;
    if (!outcome.ok) {
      counts.failed += 1;
      failures.push(failureEntry("assignments.fetch.item", outcome.reasonCode, outcome.message, itemId));
    }
  }
  if (updated.length > 0) await deps.backups.updateItems(updated);
  return { stepKey: batch.stepKey, canonical: true, counts, failures };
}

export const assignmentsFetchBatchActivity = df.app.activity(activityNames.assignmentsFetchBatch, {
  handler: (input: unknown) => assignmentsFetchBatch(input, getActivityDeps()),
});
