// Restores (or previews) one batch of items: read the target's current assignments in one $batch, resolve
// target groups and filters once for the batch, plan each item, and — when executing — write only the items
// whose canonical sets differ. Transient Graph failures are thrown so the caller retries the whole batch;
// the retry re-reads the target, finds written items equal, and keeps the results recorded before.
import type { DirectoryReference } from "../assignments/assignmentReferences.js";
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import {
  type DirectoryObject,
  type DirectoryQuery,
  isTransientReason,
  permanentGraphError,
  PolicyGraphError,
} from "../ports/policyGraph.js";
import type { AssignmentDiff } from "./assignmentDiff.js";
import { planRestoreItem } from "./planRestoreItem.js";
import type { RestorePorts } from "./restorePorts.js";
import type { ObjectMapping, RestoreItemResult, RestoreRun } from "./restoreRun.js";
import type { RestoreWorkItem } from "./restoreWorkItem.js";
import { targetDirectory } from "./targetDirectory.js";

export interface RestoredItem {
  result: RestoreItemResult;
  diff: AssignmentDiff | null;
  /** The source policy's display name, for failure entries operators can read (null: item not found). */
  itemName?: string | null;
}

export interface RestoreItemsOptions {
  /** `preview` reads only; `execute` writes changed items (unless the run is a dry run) and records results. */
  mode: "preview" | "execute";
  now: string;
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

const key = (policyType: string, policyId: string) => `${policyType}\u001f${policyId}`;

export async function restoreItems(
  ports: RestorePorts,
  run: RestoreRun,
  work: readonly RestoreWorkItem[],
  options: RestoreItemsOptions,
): Promise<RestoredItem[]> {
  const { graph } = ports;
  const tenant = run.targetTenantId;
  const { now } = options;
  const execute = options.mode === "execute";
  const items = new Map(
    (
      await ports.backups.getItems(
        run.workspaceId,
        work.map((w) => w.backupItemId),
      )
    ).map((i) => [i.id, i]),
  );
  // Results this execution already recorded: an attempt that wrote and then crashed is not reported unchanged.
  const earlier = new Map(run.results.map((r) => [r.backupItemId, r]));

  const readable = work.filter(
    (w) => w.targetPolicyId !== null && w.unavailable === null && items.has(w.backupItemId),
  );
  const current = new Map<string, PolicyAssignment[] | { reasonCode: ReasonCode; message: string }>();
  if (readable.length > 0) {
    const refs = readable.map((w) => ({ policyType: w.policyType, policyId: w.targetPolicyId ?? "" }));
    for (const r of await graph.fetchAssignments(tenant, refs)) {
      if (!r.ok && isTransientReason(r.reasonCode)) throw new PolicyGraphError(r.reasonCode, r.message);
      current.set(
        key(r.policyType, r.policyId),
        r.ok ? r.assignments : { reasonCode: r.reasonCode, message: r.message },
      );
    }
  }

  const present = [...items.values()];
  const [groups, filters] = await Promise.all([
    lookup(
      (q) => graph.resolveGroups(tenant, q),
      query(
        present.flatMap((i) => i.references.groups),
        run.groupMapping,
      ),
    ),
    lookup(
      (q) => graph.resolveFilters(tenant, q),
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

  const out: RestoredItem[] = [];
  for (const w of work) {
    const item = items.get(w.backupItemId);
    if (item === undefined) {
      out.push({ result: failed(w, "validation_failed", "backup item not found", now), diff: null });
      continue;
    }
    if (w.unavailable !== null) {
      out.push({ result: failed(w, w.unavailable.reasonCode, w.unavailable.message, now), diff: null });
      continue;
    }
    const read = w.targetPolicyId === null ? undefined : current.get(key(w.policyType, w.targetPolicyId));
    if (read !== undefined && !Array.isArray(read) && read.reasonCode !== "graph_not_found") {
      out.push({ result: failed(w, read.reasonCode, read.message, now), diff: null });
      continue;
    }
    const plan = planRestoreItem({
      item,
      targetPolicyId: w.targetPolicyId,
      current: Array.isArray(read) ? read : null,
      mapping,
      dryRun: run.dryRun || !execute,
      now,
    });
    let result = plan.result;
    if (execute && plan.write !== null && w.targetPolicyId !== null) {
      // Recorded before the write: if the host dies after Graph applied it, the retry finds the item equal
      // and keeps this result (written once, reported written); if the write did not land, the retry finds
      // it different, writes it and records afresh.
      await ports.restores.upsertResults(run.workspaceId, run.id, [result]);
      try {
        await graph.assign(tenant, { policyType: w.policyType, policyId: w.targetPolicyId }, plan.write);
      } catch (error) {
        const permanent = permanentGraphError(error);
        if (permanent === null) {
          // Not written: take the claim back before the batch is retried (or given up).
          const reasonCode = error instanceof PolicyGraphError ? error.reasonCode : "graph_unavailable";
          await ports.restores.upsertResults(run.workspaceId, run.id, [
            failed(w, reasonCode, "the write was not confirmed; the batch is retried", now),
          ]);
          throw error;
        }
        result = failed(w, permanent.reasonCode, permanent.message, now);
        await ports.restores.upsertResults(run.workspaceId, run.id, [result]);
      }
    } else if (execute) {
      const before = earlier.get(w.backupItemId);
      if (result.action === "unchanged" && before?.applied === true) result = before;
    }
    out.push({ result, diff: plan.diff });
  }
  if (execute)
    await ports.restores.upsertResults(
      run.workspaceId,
      run.id,
      out.map((o) => o.result),
    );
  return out.map((o) => ({ ...o, itemName: items.get(o.result.backupItemId)?.displayName ?? null }));
}

/**
 * A batch that failed after every retry (e.g. Graph answering 5xx for minutes): its items are recorded as
 * failed with `orchestration_failed`, so the restore reports them and the other batches go on. An earlier
 * attempt may have written some of them; running the restore again converges (writes are diff-based).
 */
export async function failRestoreBatch(
  ports: Pick<RestorePorts, "backups" | "restores">,
  run: RestoreRun,
  work: readonly RestoreWorkItem[],
  now: string,
): Promise<RestoredItem[]> {
  const names = new Map(
    (
      await ports.backups.getItems(
        run.workspaceId,
        work.map((w) => w.backupItemId),
      )
    ).map((i) => [i.id, i.displayName]),
  );
  const out = work.map((w) => ({
    result: failed(w, "orchestration_failed", "not confirmed after every retry; run the restore again", now),
    diff: null,
    itemName: names.get(w.backupItemId) ?? null,
  }));
  await ports.restores.upsertResults(
    run.workspaceId,
    run.id,
    out.map((o) => o.result),
  );
  return out;
}
