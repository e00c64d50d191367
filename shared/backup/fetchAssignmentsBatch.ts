// Assignment fetch for one batch of backup items: fetch what the list call could not expand (the port
// $batches it), resolve group and filter display names in the source tenant (so a restore can map by name
// elsewhere), and record per-item results on the items. Transient Graph failures are thrown (the caller
// retries the batch); permanent ones become per-item failures.
import { referencedIds } from "../assignments/assignmentReferences.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import type { FailureEntry } from "../domain/operationRun.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import type { BackupStore } from "../ports/backupStore.js";
import type { Clock } from "../ports/clock.js";
import {
  type AssignmentsResult,
  type DirectoryObject,
  permanentGraphError,
  type PolicyGraph,
} from "../ports/policyGraph.js";
import type { BackupItem } from "./backupDocuments.js";
import type { ItemIdRange } from "./itemShards.js";
import { referencesFor, withAssignments, withAssignmentsFailure } from "./backupItemBuilder.js";
import { type BackupCounts, zeroBackupCounts } from "./backupSummary.js";

export interface FetchPorts {
  backups: BackupStore;
  graph: PolicyGraph;
  clock: Clock;
}

type Outcome =
  { ok: true; assignments: PolicyAssignment[] } | { ok: false; reasonCode: ReasonCode; message: string };
type Failed = { ok: false; reasonCode: ReasonCode; message: string };

const key = (policyType: string, policyId: string) => `${policyType}\u001f${policyId}`;

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
): Promise<Map<string, AssignmentsResult | Failed>> {
  const refs = items.map((i) => ({ policyType: i.policyType, policyId: i.policyId }));
  const byKey = new Map<string, AssignmentsResult | Failed>();
  if (refs.length === 0) return byKey;
  try {
    for (const result of await graph.fetchAssignments(tenantId, refs)) {
      byKey.set(key(result.policyType, result.policyId), result);
    }
  } catch (error) {
    const permanent = permanentGraphError(error);
    if (permanent === null) throw error;
    for (const ref of refs) {
      byKey.set(key(ref.policyType, ref.policyId), {
        ok: false,
        reasonCode: permanent.reasonCode,
        message: permanent.message,
      });
    }
  }
  return byKey;
}

/** Display names of the groups and filters the assignments reference, in the source tenant (cached per tenant). */
export async function resolveNames(
  graph: PolicyGraph,
  tenantId: string,
  assignments: readonly PolicyAssignment[],
): Promise<{ groupNames: Map<string, string>; filterNames: Map<string, string> }> {
  const { groupIds, filterIds } = referencedIds(assignments);
  const [groupNames, filterNames] = await Promise.all([
    namesOf(() => graph.resolveGroups(tenantId, { ids: groupIds, displayNames: [] }), groupIds),
    namesOf(() => graph.resolveFilters(tenantId, { ids: filterIds, displayNames: [] }), filterIds),
  ]);
  return { groupNames, filterNames };
}

export interface FetchBatchResult {
  counts: BackupCounts;
  failures: FailureEntry[];
}

export async function fetchAssignmentsBatch(
  ports: FetchPorts,
  scope: { workspaceId: string; tenantId: string },
  itemIds: readonly string[],
): Promise<FetchBatchResult> {
  const stored = await ports.backups.getItems(scope.workspaceId, itemIds);
  return fetchAssignmentsForItems(ports, scope, stored, itemIds);
}

/**
 * One shard of a backup set: the items whose ids fall in the range, read from the store (the orchestrator
 * passes only the shard's index and count, never ids).
 */
export async function fetchAssignmentsShard(
  ports: FetchPorts,
  scope: { workspaceId: string; tenantId: string; backupSetId: string },
  range: ItemIdRange,
): Promise<FetchBatchResult> {
  const items = await ports.backups.listItemsInRange(scope.workspaceId, scope.backupSetId, range);
  return fetchAssignmentsForItems(
    ports,
    scope,
    items,
    items.map((i) => i.id),
  );
}

async function fetchAssignmentsForItems(
  ports: FetchPorts,
  scope: { workspaceId: string; tenantId: string },
  items: readonly BackupItem[],
  itemIds: readonly string[],
): Promise<FetchBatchResult> {
  const stored = new Map(items.map((i) => [i.id, i]));
  const present = itemIds.flatMap((id) => {
    const item = stored.get(id);
    return item === undefined ? [] : [item];
  });
  const toFetch = present.filter((item) => item.assignments === null || item.assignmentsStatus === "failed");
  const fetched = await fetchRemaining(ports.graph, scope.tenantId, toFetch);

  const outcomes = new Map<string, Outcome>();
  for (const id of itemIds) {
    const item = stored.get(id);
    if (item === undefined) {
      outcomes.set(id, { ok: false, reasonCode: "validation_failed", message: "backup item not found" });
      continue;
    }
    const result = fetched.get(key(item.policyType, item.policyId));
    if (result === undefined) outcomes.set(id, { ok: true, assignments: item.assignments ?? [] });
    else if (result.ok) outcomes.set(id, { ok: true, assignments: result.assignments });
    else outcomes.set(id, { ok: false, reasonCode: result.reasonCode, message: result.message });
  }

  // Items already fetched (by an earlier attempt of this shard, e.g. before a host crash) are counted as they
  // are: no names to resolve, nothing to write again.
  const changed = [...outcomes.entries()].filter(
    ([id, o]) => !o.ok || stored.get(id)?.assignmentsStatus !== "fetched",
  );
  const { groupNames, filterNames } = await resolveNames(
    ports.graph,
    scope.tenantId,
    changed.flatMap(([, o]) => (o.ok ? o.assignments : [])),
  );

  const now = ports.clock.now().toISOString();
  const updated: BackupItem[] = [];
  const failures: FailureEntry[] = [];
  const counts = { ...zeroBackupCounts };
  for (const [id, outcome] of outcomes) {
    counts.processed += 1;
    const item = stored.get(id);
    if (outcome.ok) {
      counts.succeeded += 1;
      counts.assignments += outcome.assignments.length;
      if (item !== undefined && item.assignmentsStatus !== "fetched") {
        const references = referencesFor(outcome.assignments, groupNames, filterNames);
        updated.push(withAssignments(item, outcome.assignments, references, now));
      }
    } else {
      counts.failed += 1;
      failures.push({
        code: "assignments.fetch.item",
        reasonCode: outcome.reasonCode,
        message: outcome.message.slice(0, 500),
        itemId: id,
        ...(item === undefined ? {} : { itemName: item.displayName }),
      });
      if (item !== undefined) updated.push(withAssignmentsFailure(item, outcome, now));
    }
  }
  if (updated.length > 0) await ports.backups.updateItems(updated);
  return { counts, failures };
}

/**
 * A shard whose fetch failed after every retry (e.g. Graph answering 5xx for minutes): its items not yet
 * fetched are marked failed with `orchestration_failed`, so they show as failed, count as failed and are
 * what "retry failed items" selects; items an earlier attempt fetched keep their assignments.
 */
export async function failAssignmentsShard(
  ports: Pick<FetchPorts, "backups" | "clock">,
  scope: { workspaceId: string; backupSetId: string },
  range: ItemIdRange,
): Promise<FetchBatchResult> {
  const items = await ports.backups.listItemsInRange(scope.workspaceId, scope.backupSetId, range);
  const now = ports.clock.now().toISOString();
  const counts = { ...zeroBackupCounts };
  const failures: FailureEntry[] = [];
  const updated: BackupItem[] = [];
  const failure = {
    reasonCode: "orchestration_failed" as const,
    message: "assignments could not be read after every retry",
  };
  for (const item of items) {
    counts.processed += 1;
    if (item.assignmentsStatus === "fetched") {
      counts.succeeded += 1;
      counts.assignments += item.assignments?.length ?? 0;
      continue;
    }
    counts.failed += 1;
    failures.push({
      code: "assignments.fetch.item",
      ...failure,
      itemId: item.id,
      itemName: item.displayName,
    });
    updated.push(withAssignmentsFailure(item, failure, now));
  }
  if (updated.length > 0) await ports.backups.updateItems(updated);
  return { counts, failures };
}
