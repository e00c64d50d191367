// End to end through the HTTP API on the local stack (built app on the local host, Azurite, local Cosmos,
// Graph simulator): backup of demo tenant A with assignments, dedupe, partial failure, then restores from
// A's backup to tenant B mapped by display name (one group missing: fail, then skip), dry run, one audit
// entry per execution. Figures are printed as one JSON line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import type { Json } from "../support/graphSim.js";
import { type E2eStack, startE2eStack } from "./stack.js";

const ws = `/api/workspaces/${demoWorkspace.id}`;
const [tenantA, tenantB] = demoTenants;
const figures: Record<string, unknown> = {};

let stack: E2eStack;
beforeAll(async () => {
  const t0 = Date.now();
  stack = await startE2eStack();
  figures.stack_start_s = (Date.now() - t0) / 1000;
}, 120_000);
afterAll(async () => {
  console.log(JSON.stringify({ e2e: figures }));
  await stack.stop();
});

async function allItems(backupSetId: string): Promise<Json[]> {
  const items: Json[] = [];
  let continuation: string | null = null;
  do {
    const q: string = continuation === null ? "?limit=10" : `?limit=10&continuation=${continuation}`;
    const res = await stack.api("GET", `${ws}/backup-sets/${backupSetId}/items${q}`);
    expect(res.status).toBe(200);
    items.push(...(res.body.items as Json[]));
    continuation = res.body.continuation as string | null;
  } while (continuation !== null);
  return items;
}

const keys = (assignments: readonly PolicyAssignment[]): string[] => assignments.map(assignmentKey).sort();

let backupSetId = "";

describe("backup through the HTTP API", () => {
  it("backs up tenant A with assignments equal to the simulator's truth; an identical start is deduped", async () => {
    const t0 = Date.now();
    const [first, second] = await Promise.all([
      stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {}),
      new Promise((r) => setTimeout(r, 50)).then(() =>
        stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {}),
      ),
    ]);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(second.status).toBe(202);
    const deduped = [first.body.deduped, second.body.deduped].sort();
    expect(deduped).toEqual([false, true]);
    expect(second.body.run.id).toBe(first.body.run.id);
    expect(second.body.backupSetId).toBe(first.body.backupSetId);
    backupSetId = first.body.backupSetId as string;
    const run = await stack.waitForRun(first.body.run.id as string, { timeoutMs: 90_000 });
    figures.backup_wall_s = (Date.now() - t0) / 1000;
    expect(run.outcome).toBe("succeeded");

    const truth = (await stack.sim.admin("GET", `tenants/${tenantA.externalId}/export`)).body;
    const items = await allItems(backupSetId);
    expect(items.length).toBe(truth.policies.length);
    const byRef = new Map(items.map((i) => [`${String(i.policyType)}/${String(i.policyId)}`, i]));
    let assignments = 0;
    for (const p of truth.policies as Json[]) {
      const item = byRef.get(`${String(p.type)}/${String(p.id)}`);
      expect(item, `${String(p.type)}/${String(p.id)}`).toBeDefined();
      expect(item.assignmentsStatus).toBe("fetched");
      expect(keys(item.assignments as PolicyAssignment[])).toEqual(keys(p.assignments as PolicyAssignment[]));
      assignments += (p.assignments as Json[]).length;
    }
    expect(run.summaryCounts.total ?? run.summaryCounts.items).toBeGreaterThan(0);
    figures.backup_items = items.length;
    figures.backup_assignments = assignments;
    figures.backup_summary = run.summaryCounts;
    const counters = (await stack.sim.admin("GET", "counters")).body;
    figures.backup_graph_requests = counters.byTenant[tenantA.externalId]?.requests;
  });
});

describe("partial failure", () => {
  it("a 403 on one policy type → partially_succeeded with failures carrying reason codes", async () => {
    const fault = await stack.sim.admin("POST", "faults", {
      pathPattern: "deviceManagementScripts",
      tenantId: tenantA.externalId,
      status: 403,
      code: "Forbidden",
      // A fake canary, assembled so secret scanners do not mistake it for a real credential.
      plantedText: ` ${["client", "secret"].join("_")}=abc123SECRETxyz user@contoso.com`,
    });
    expect(fault.status).toBe(201);
    try {
      const started = await stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {});
      expect(started.status).toBe(202);
      expect(started.body.deduped).toBe(false);
      expect(started.body.backupSetId).not.toBe(backupSetId);
      const run = await stack.waitForRun(started.body.run.id as string, { timeoutMs: 90_000 });
      expect(run.outcome).toBe("partially_succeeded");
      const failures = run.failureSummary as Json[];
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.map((f) => f.reasonCode)).toContain("graph_forbidden");
      for (const f of failures) {
        expect(typeof f.itemId).toBe("string");
        expect(JSON.stringify(f)).not.toMatch(/abc123SECRETxyz|user@contoso\.com/);
      }
      figures.partial_failures = failures.map((f) => ({ itemId: f.itemId, reasonCode: f.reasonCode }));
      figures.partial_summary = run.summaryCounts;
    } finally {
      await stack.sim.admin("DELETE", "faults");
    }
  });
});

describe("bad input", () => {
  it("404 for a foreign tenant or backup set, 400 naming the field", async () => {
    expect((await stack.api("POST", `${ws}/tenants/tenant-nope/backups`, {})).status).toBe(404);
    expect((await stack.api("GET", `${ws}/backup-sets/bs_nope`)).status).toBe(404);
    expect((await stack.api("GET", `/api/workspaces/ws-other/backup-sets/${backupSetId}`)).status).toBe(404);
    const bad = await stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, { policyTypes: ["nope"] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(bad.body.errors[0].field).toBe("body.policyTypes");
    const badMap = await stack.api("POST", `${ws}/restores`, {
      backupSetId,
      targetTenantId: tenantB.id,
      groupMapping: { strategy: "explicit", map: {} },
    });
    expect(badMap.status).toBe(400);
    expect(badMap.body.errors[0].field).toBe("body.groupMapping.map");
    const foreignTarget = await stack.api("POST", `${ws}/restores`, {
      backupSetId,
      targetTenantId: "tenant-nope",
    });
    expect(foreignTarget.status).toBe(404);
  });
});

// ---- restore A → B by display name --------------------------------------------------------------------

interface Truth {
  groups: { id: string; displayName: string }[];
  filters: { id: string; displayName: string }[];
  policies: { type: string; id: string; displayName: string; assignments: PolicyAssignment[] }[];
}

const filterKey = "deviceAndAppManagementAssignmentFilterId";

/** A's assignments of a policy in B's ids; `unmapped` counts targets B lacks (by name). */
function mapToB(source: Truth, target: Truth, assignments: readonly PolicyAssignment[]) {
  const name = (list: { id: string; displayName: string }[], id: string) =>
    list.find((g) => g.id === id)?.displayName;
  const idIn = (list: { id: string; displayName: string }[], n: string | undefined) =>
    list.find((g) => g.displayName === n)?.id;
  const mapped: PolicyAssignment[] = [];
  let unmapped = 0;
  for (const a of assignments) {
    const t: Record<string, unknown> = { ...a.target };
    let ok = true;
    if (typeof t.groupId === "string") {
      const id = idIn(target.groups, name(source.groups, t.groupId));
      if (id === undefined) ok = false;
      else t.groupId = id;
    }
    if (typeof t[filterKey] === "string" && t[filterKey] !== "") {
      const id = idIn(target.filters, name(source.filters, t[filterKey]));
      if (id === undefined) ok = false;
      else t[filterKey] = id;
    }
    if (ok) mapped.push({ ...a, target: t as PolicyAssignment["target"] });
    else unmapped += 1;
  }
  return { mapped, unmapped };
}

async function exportOf(externalId: string): Promise<Truth> {
  return (await stack.sim.admin("GET", `tenants/${externalId}/export`)).body as Truth;
}

async function createRestore(extra: Record<string, unknown>): Promise<string> {
  const res = await stack.api("POST", `${ws}/restores`, {
    backupSetId,
    targetTenantId: tenantB.id,
    groupMapping: { strategy: "displayName" },
    filterMapping: { strategy: "displayName" },
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  restoreIds.push(res.body.id as string);
  return res.body.id as string;
}

async function execute(restoreRunId: string): Promise<{ run: Json; deduped: boolean; wall_s: number }> {
  const t0 = Date.now();
  const res = await stack.api("POST", `${ws}/restores/${restoreRunId}/execute`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const run = await stack.waitForRun(res.body.run.id as string, { timeoutMs: 90_000 });
  return { run, deduped: res.body.deduped as boolean, wall_s: (Date.now() - t0) / 1000 };
}

async function writesToB(): Promise<number> {
  const counters = (await stack.sim.admin("GET", "counters")).body;
  return (counters.byTenant[tenantB.externalId]?.writes as number | undefined) ?? 0;
}

const executedRuns: string[] = [];
const restoreIds: string[] = [];

describe("restore A → B, groups mapped by display name", () => {
  let source: Truth;
  let originalB: Truth;
  beforeAll(async () => {
    source = await exportOf(tenantA.externalId);
    originalB = await exportOf(tenantB.externalId);
  });

  it("preview and dry run make zero Graph writes", async () => {
    const id = await createRestore({ missingTargetPolicy: "skip", dryRun: true });
    await stack.sim.admin("POST", "counters/reset");
    const preview = await stack.api("GET", `${ws}/restores/${id}/preview`);
    expect(preview.status).toBe(200);
    expect((preview.body.items as Json[]).length).toBe(source.policies.length);
    expect((preview.body.items as Json[]).some((i) => (i.unmapped as Json[]).length > 0)).toBe(true);
    const { run } = await execute(id);
    executedRuns.push(run.id as string);
    const writes = await writesToB();
    figures.dry_run_graph_writes = writes;
    expect(writes).toBe(0);
    expect(await exportOf(tenantB.externalId)).toEqual(originalB);
  });

  it("missing group with `fail`: those items fail with a reason code, the others are restored", async () => {
    const id = await createRestore({ missingTargetPolicy: "fail" });
    await stack.sim.admin("POST", "counters/reset");
    const { run, wall_s } = await execute(id);
    executedRuns.push(run.id as string);
    figures.restore_fail_wall_s = wall_s;
    figures.restore_fail_writes = await writesToB();
    expect(run.outcome).toBe("partially_succeeded");
    const restore = (await stack.api("GET", `${ws}/restores/${id}`)).body;
    expect(restore.status).toBe("completed");
    const after = await exportOf(tenantB.externalId);
    let failed = 0;
    for (const p of source.policies) {
      const { mapped, unmapped } = mapToB(source, originalB, p.assignments);
      const result = (restore.results as Json[]).find((r) => r.sourcePolicyId === p.id);
      const b = after.policies.find((q) => q.type === p.type && q.displayName === p.displayName);
      const before = originalB.policies.find((q) => q.type === p.type && q.displayName === p.displayName);
      expect(result, p.displayName).toBeDefined();
      if (unmapped > 0) {
        failed += 1;
        expect(result.action).toBe("failed");
        expect(["group_unmapped", "filter_unmapped"]).toContain(result.reasonCode);
        expect(keys(b?.assignments ?? [])).toEqual(keys(before?.assignments ?? []));
      } else {
        expect(result.action).not.toBe("failed");
        expect(keys(b?.assignments ?? []), p.displayName).toEqual(keys(mapped));
      }
    }
    expect(failed).toBeGreaterThan(0);
    figures.restore_fail_failed_items = failed;
  });

  it("missing group with `skip`: those items are restored partially and reported; B equals the expected result", async () => {
    const id = await createRestore({ missingTargetPolicy: "skip" });
    await stack.sim.admin("POST", "counters/reset");
    const { run, wall_s } = await execute(id);
    executedRuns.push(run.id as string);
    figures.restore_skip_wall_s = wall_s;
    figures.restore_skip_writes = await writesToB();
    figures.restore_skip_summary = run.summaryCounts;
    const restore = (await stack.api("GET", `${ws}/restores/${id}`)).body;
    const after = await exportOf(tenantB.externalId);
    let partial = 0;
    let compared = 0;
    for (const p of source.policies) {
      const { mapped, unmapped } = mapToB(source, originalB, p.assignments);
      const result = (restore.results as Json[]).find((r) => r.sourcePolicyId === p.id);
      expect(result.action, p.displayName).not.toBe("failed");
      if (unmapped > 0) {
        partial += 1;
        expect((result.unmapped as Json[]).length).toBe(unmapped);
      }
      const b = after.policies.find((q) => q.type === p.type && q.displayName === p.displayName);
      expect(keys(b?.assignments ?? []), p.displayName).toEqual(keys(mapped));
      compared += mapped.length;
    }
    expect(partial).toBeGreaterThan(0);
    figures.restore_skip_partial_items = partial;
    figures.restore_assignments_compared = compared;
  });

  it("executing the same restore again within the cooldown writes nothing to Graph", async () => {
    const id = restoreIds.at(-1) ?? "";
    await stack.sim.admin("POST", "counters/reset");
    const again = await stack.api("POST", `${ws}/restores/${id}/execute`);
    expect(again.status).toBe(202);
    const run = await stack.waitForRun(again.body.run.id as string, { timeoutMs: 90_000 });
    figures.repeat_execute = { deduped: again.body.deduped, outcome: run.outcome };
    figures.repeat_execute_graph_writes = await writesToB();
    expect(figures.repeat_execute_graph_writes).toBe(0);
  });

  it("exactly one restore.assignments.executed audit entry per execution", async () => {
    const res = await stack.api("GET", `${ws}/audit?action=restore.assignments.executed&limit=200`);
    expect(res.status).toBe(200);
    const entries = res.body.items as Json[];
    expect(entries.length).toBe(executedRuns.length);
    expect(new Set(entries.map((e) => e.runId)).size).toBe(executedRuns.length);
    figures.restore_audit_entries = entries.length;
  });
});

describe("scheduled backups", () => {
  it("the timer fires tenant B's hourly schedule once as a backup_schedule.scheduled run", async () => {
    const docs = stack.cosmos.containers.directory;
    const { resource } = await docs.item(tenantB.id, demoWorkspace.id).read<Record<string, unknown>>();
    expect(resource?.docType).toBe("tenant");
    await docs.items.upsert({ ...resource, backupSchedule: "0 0 * * * *" });
    const now = new Date();
    const expectedMinute = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours()),
    );
    const list = async (): Promise<Json[]> =>
      (await stack.api("GET", `${ws}/runs?type=backup_schedule.scheduled&tenantId=${tenantB.id}`)).body
        .items as Json[];
    const deadline = Date.now() + 30_000;
    let runs = await list();
    while (runs.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      runs = await list();
    }
    expect(runs.length, stack.host.output.slice(-15).join("\n")).toBe(1);
    const fired = await stack.waitForRun(runs[0].id as string, { timeoutMs: 90_000 });
    expect(fired.outcome).toBe("succeeded");
    expect(fired.context.backupScheduleId).toBe(`schedule:${tenantB.id}`);
    expect([
      expectedMinute.toISOString(),
      new Date(expectedMinute.getTime() + 3_600_000).toISOString(),
    ]).toContain(fired.context.scheduledFor);
    expect(fired.summaryCounts.total).toBe((await exportOf(tenantB.externalId)).policies.length);
    // Two more timer passes (every 5 s) find the occurrence already fired.
    await new Promise((r) => setTimeout(r, 11_000));
    expect((await list()).length).toBe(1);
    figures.scheduled_runs = 1;
  });
});
