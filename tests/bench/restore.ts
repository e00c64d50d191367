// `npm run bench:restore`: restore 2,000 policies (~6,000 assignment targets) to another tenant through the
// whole local stack (built app on the local host, Azurite, local Cosmos, Graph simulator) under a tightened
// simulator write limit. The source backup set comes from a real backup run through the API
// (BENCH_BACKUP=store: written through the backup store from the simulator's export). The target tenant holds the
// same policies and groups by name (other ids), with a quarter of the policies' assignments cleared and an
// eighth replaced, so a correct restore writes exactly those. Prints one JSON object:
// graph_writes (must equal changed_items), wall_s, wall_vs_budget_ratio (goal ≤ 1.3; budget = changed items
// at the simulator's write limit), lost_writes (must be 0, target compared assignment by assignment with the
// expected result), second_run_graph_writes (must be 0: a second restore of the same set), and the Durable
// history size of the execution (batches are passed by index, never as item payloads).
import { randomUUID } from "node:crypto";

import { TableClient } from "@azure/data-tables";

import { generateTenant, realisticMix } from "../../local/graph-sim/generateTenant.js";
import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import { buildBackupItem, referencesFor, withAssignments } from "../../shared/backup/backupItemBuilder.js";
import { CosmosBackupStore } from "../../shared/store/CosmosBackupStore.js";
import { type E2eStack, startE2eStack } from "../e2e/stack.js";
import type { Json } from "../support/graphSim.js";
import { ensureBuilt } from "../support/host.js";

const policies = Number(process.env.BENCH_POLICIES ?? "2000");
const seed = 7;
/** The tightened limit: writes per window per app and per tenant (Intune: 100 per app, 200 per tenant). */
const writeLimit = { windowMs: 20_000, appWrites: 80, tenantWrites: 80 };
const ws = `/api/workspaces/${demoWorkspace.id}`;
const [tenantA, tenantB] = demoTenants;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line: string): void => {
  process.stderr.write(`[bench:restore ${new Date().toISOString()}] ${line}\n`);
};

interface Named {
  id: string;
  displayName: string;
}
interface Truth {
  groups: Named[];
  filters: Named[];
  policies: { type: string; id: string; displayName: string; assignments: PolicyAssignment[] }[];
}

const keys = (assignments: readonly PolicyAssignment[]): string[] => assignments.map(assignmentKey).sort();
const filterKey = "deviceAndAppManagementAssignmentFilterId";

/**
 * Source assignments in the target's ids, by display name (every name exists in the target here), as Graph
 * keeps them.
 */
function mapped(source: Truth, target: Truth, assignments: readonly PolicyAssignment[]): string[] {
  const byName = (list: Named[], from: Named[], id: string): string => {
    const name = from.find((o) => o.id === id)?.displayName;
    return list.find((o) => o.displayName === name)?.id ?? `missing:${id}`;
  };
  // Graph ignores a duplicated target (same type and group): the first one wins.
  const seen = new Set<string>();
  return keys(
    assignments
      .filter((a) => {
        const t = a.target as Record<string, unknown>;
        const identity = `${String(t["@odata.type"])}|${typeof t.groupId === "string" ? t.groupId : ""}`;
        if (seen.has(identity)) return false;
        seen.add(identity);
        return true;
      })
      .map((a) => {
        const t: Record<string, unknown> = { ...a.target };
        if (typeof t.groupId === "string") t.groupId = byName(target.groups, source.groups, t.groupId);
        if (typeof t[filterKey] === "string" && t[filterKey] !== "") {
          t[filterKey] = byName(target.filters, source.filters, t[filterKey]);
        }
        return { ...a, target: t as PolicyAssignment["target"] };
      }),
  );
}

/** The BackupSet of tenant A and one fetched BackupItem per exported policy, through the backup store. */
async function seedBackup(store: CosmosBackupStore, truth: Truth): Promise<string> {
  const backupSetId = `bs_${randomUUID()}`;
  const runId = `bench-${randomUUID()}`;
  const now = new Date().toISOString();
  const scope = { workspaceId: demoWorkspace.id, tenantId: tenantA.id, backupSetId };
  const groupNames = new Map(truth.groups.map((g) => [g.id, g.displayName]));
  const filterNames = new Map(truth.filters.map((f) => [f.id, f.displayName]));
  const stored = truth.policies.map((p) => {
    const built = buildBackupItem(
      scope,
      {
        policyType: p.type,
        policyId: p.id,
        displayName: p.displayName,
        payload: { id: p.id, displayName: p.displayName },
        assignments: null,
      },
      now,
    );
    const item = withAssignments(
      built.item,
      p.assignments,
      referencesFor(p.assignments, groupNames, filterNames),
      now,
    );
    return { item, chunks: built.chunks };
  });
  const assignments = truth.policies.reduce((n, p) => n + p.assignments.length, 0);
  await store.saveBackupSet({
    id: backupSetId,
    docType: "backupSet",
    ...scope,
    runId,
    assignmentsRunId: null,
    selection: {},
    status: "running",
    summaryCounts: { total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, assignments: 0 },
    createdAt: now,
    completedAt: null,
  });
  for (let i = 0; i < stored.length; i += 100) await store.saveItems(stored.slice(i, i + 100));
  const n = stored.length;
  await store.saveBackupSet({
    id: backupSetId,
    docType: "backupSet",
    ...scope,
    runId,
    assignmentsRunId: null,
    selection: {},
    status: "completed",
    summaryCounts: { total: n, processed: n, succeeded: n, failed: 0, skipped: 0, assignments },
    createdAt: now,
    completedAt: new Date().toISOString(),
  });
  return backupSetId;
}

ensureBuilt();
const t0 = Date.now();
const stack: E2eStack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
const figures: Record<string, unknown> = { policies };
try {
  figures.stack_start_s = (Date.now() - t0) / 1000;
  progress("stack started");
  // Autopilot profiles are left out of the mix: Graph writes them one assignment at a time (POST/DELETE per
  // assignment), so their write requests do not count items; tests/e2e/restoreFaults.test.ts covers them.
  const mix = { ...realisticMix, windowsAutopilotDeploymentProfiles: 0 };
  const common = { policies, seed, groups: 200, filters: 10, maxAssignments: 6, mix };
  const source = generateTenant({ ...common, tenantId: tenantA.externalId, displayName: "Bench source" });
  const target = generateTenant({ ...common, tenantId: tenantB.externalId, displayName: "Bench target" });
  // Same names and structure, other ids: a quarter cleared, an eighth pointed at another group.
  const otherGroup = target.groups?.[0];
  for (const [i, p] of (target.policies ?? []).entries()) {
    if (i % 4 === 0) p.assignments = [];
    else if (i % 8 === 1 && otherGroup !== undefined) {
      p.assignments = [
        {
          target: { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId: otherGroup.id },
          ...(p.type === "mobileApps" ? { intent: "required" } : {}),
        },
      ];
    }
  }
  // As Graph holds them: a duplicated target (same type and group) cannot exist in a tenant.
  for (const fixture of [source, target]) {
    for (const p of fixture.policies ?? []) {
      const seen = new Set<string>();
      p.assignments = (p.assignments ?? []).filter((a) => {
        const t = a.target as Record<string, unknown>;
        const identity = `${String(t["@odata.type"])}|${typeof t.groupId === "string" ? t.groupId : ""}`;
        if (seen.has(identity)) return false;
        seen.add(identity);
        return true;
      });
    }
  }
  for (const fixture of [source, target]) {
    const loaded = await stack.sim.admin("POST", "tenants", fixture);
    if (loaded.status !== 201) throw new Error(`load tenant: ${JSON.stringify(loaded.body)}`);
  }
  const exportOf = async (externalId: string): Promise<Truth> =>
    (await stack.sim.admin("GET", `tenants/${externalId}/export`)).body as Truth;
  const sourceTruth = await exportOf(tenantA.externalId);
  const before = await exportOf(tenantB.externalId);
  const expected = new Map<string, string[]>();
  let changed = 0;
  let targets = 0;
  for (const p of sourceTruth.policies) {
    const t = before.policies.find((q) => q.type === p.type && q.displayName === p.displayName);
    if (t === undefined) throw new Error(`no target policy for ${p.displayName}`);
    const want = mapped(sourceTruth, before, p.assignments);
    targets += want.length;
    expected.set(t.id, want);
    if (JSON.stringify(want) !== JSON.stringify(keys(t.assignments))) changed += 1;
  }
  figures.assignment_targets = targets;
  figures.changed_items = changed;

  const waitForRun = async (runId: string): Promise<Json> => {
    for (;;) {
      const res = await stack.api("GET", `${ws}/runs/${runId}`);
      if (res.status === 200 && res.body.run.status === "completed") return res.body.run;
      await sleep(500);
    }
  };

  // The source backup: a real backup run through the API. BENCH_BACKUP=store writes the BackupSet and its
  // BackupItems through the backup store from the simulator's export instead, to time the restore alone
  // with nothing of the backup's in the same stack.
  const tb = Date.now();
  let backupSetId: string;
  if (process.env.BENCH_BACKUP !== "store") {
    const backup = await stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {});
    if (backup.status !== 202) throw new Error(`backup: ${JSON.stringify(backup.body)}`);
    const backupRun = await waitForRun(backup.body.run.id as string);
    backupSetId = backup.body.backupSetId as string;
    figures.backup_outcome = backupRun.outcome;
    figures.backup_source = "backup run through the API";
  } else {
    backupSetId = await seedBackup(new CosmosBackupStore(stack.cosmos.containers.backups), sourceTruth);
    figures.backup_source =
      "BackupSet and BackupItems written through the backup store from the simulator's export";
  }
  figures.backup_wall_s = (Date.now() - tb) / 1000;
  progress(`backup set ready in ${String(figures.backup_wall_s)} s (${String(figures.backup_source)})`);

  const limits = await stack.sim.admin("PUT", "limits", writeLimit);
  figures.sim_write_limit = {
    windowMs: limits.body.windowMs,
    appWrites: limits.body.appWrites,
    tenantWrites: limits.body.tenantWrites,
  };

  const writeCounts = async (): Promise<{ writes: number; throttled: number }> => {
    const c = (await stack.sim.admin("GET", "counters")).body.byTenant[tenantB.externalId] as
      { writes: number; throttled: number } | undefined;
    return { writes: c?.writes ?? 0, throttled: c?.throttled ?? 0 };
  };
  /** Successful write requests, from the simulator's request log (throttled ones are not writes). */
  const okWrites = async (): Promise<Map<string, number>> => {
    const log = (await stack.sim.admin("GET", `requests?tenantId=${tenantB.externalId}&limit=20000`)).body;
    const byPolicy = new Map<string, number>();
    for (const e of log.value as Json[]) {
      if (e.method === "GET" || e.batchItem === true || e.status < 200 || e.status >= 300) continue;
      const segments = String(e.path).split("/");
      const at = segments.indexOf("assign");
      if (at < 1) continue;
      const id = segments[at - 1] ?? "";
      byPolicy.set(id, (byPolicy.get(id) ?? 0) + 1);
    }
    return byPolicy;
  };

  const restore = async (): Promise<{ wall_s: number; run: Json; id: string }> => {
    const created = await stack.api("POST", `${ws}/restores`, {
      backupSetId,
      targetTenantId: tenantB.id,
      groupMapping: { strategy: "displayName" },
      filterMapping: { strategy: "displayName" },
      missingTargetPolicy: "fail",
    });
    if (created.status !== 201) throw new Error(`create restore: ${JSON.stringify(created.body)}`);
    await stack.sim.admin("POST", "counters/reset");
    const started = Date.now();
    const res = await stack.api("POST", `${ws}/restores/${created.body.id}/execute`);
    if (res.status !== 202 || res.body.deduped !== false)
      throw new Error(`execute: ${JSON.stringify(res.body)}`);
    const run = await waitForRun(res.body.run.id as string);
    return { wall_s: (Date.now() - started) / 1000, run, id: created.body.id as string };
  };

  progress(`restoring ${String(changed)} changed of ${String(policies)} items`);
  const first = await restore();
  progress(`first restore ${String(first.run.outcome)} in ${String(first.wall_s)} s`);
  const firstCounts = await writeCounts();
  const perPolicy = await okWrites();
  const graphWrites = [...perPolicy.values()].reduce((a, b) => a + b, 0);
  const after = await exportOf(tenantB.externalId);
  let lost = 0;
  let compared = 0;
  for (const p of after.policies) {
    const want = expected.get(p.id);
    if (want === undefined) continue;
    compared += want.length;
    if (JSON.stringify(keys(p.assignments)) !== JSON.stringify(want)) lost += 1;
  }
  const budget = changed * (writeLimit.windowMs / 1000 / writeLimit.appWrites);
  figures.graph_writes = graphWrites;
  figures.items_written_twice = [...perPolicy.values()].filter((n) => n > 1).length;
  figures.throttled_429 = firstCounts.throttled;
  figures.wall_s = first.wall_s;
  figures.budget_s = budget;
  figures.budget_rule = "changed_items × windowMs / appWrites (the simulator's write limit)";
  figures.wall_vs_budget_ratio = Number((first.wall_s / budget).toFixed(3));
  figures.lost_writes = lost;
  figures.assignments_compared = compared;
  figures.outcome = first.run.outcome;
  figures.summary = first.run.summaryCounts;

  // Durable history of the execution: rows and stored bytes (plan keys and batch indexes, no items).
  const hub = stack.host.env.DURABLE_TASK_HUB ?? "";
  const history = TableClient.fromConnectionString(stack.azurite.connectionString, `${hub}History`, {
    allowInsecureConnection: true,
  });
  let rows = 0;
  let bytes = 0;
  for await (const row of history.listEntities({
    queryOptions: { filter: `PartitionKey eq '${String(first.run.id)}'` },
  })) {
    rows += 1;
    bytes += JSON.stringify(row).length;
  }
  figures.history_rows = rows;
  figures.history_bytes = bytes;

  const second = await restore();
  figures.second_run_graph_writes = (await writeCounts()).writes;
  figures.second_run_wall_s = second.wall_s;
  figures.second_run_summary = second.run.summaryCounts;

  figures.pass =
    graphWrites === changed &&
    figures.items_written_twice === 0 &&
    lost === 0 &&
    figures.second_run_graph_writes === 0 &&
    (figures.wall_vs_budget_ratio as number) <= 1.3;
  console.log(JSON.stringify({ bench: "restore", ...figures }, null, 2));
} finally {
  await stack.stop();
}
