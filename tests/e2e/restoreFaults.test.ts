// Restore under faults, end to end through the HTTP API on the local stack (built app on the local host,
// Azurite, local Cosmos, Graph simulator): demo tenant A's backup restored to tenant B by display name while
// - Graph throttles the writes (429 with and without Retry-After): slower, no write lost or doubled;
// - a target group is deleted between preview and execute: its items fail `group_unmapped`, others go on;
// - the host is SIGKILLed mid-restore: the next host resumes, no item is written twice, one audit entry,
//   and repeated execute calls during and after are answered with the run (`deduped`, reason).
// Each case starts from the simulator's demo state. Figures are printed as one JSON line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import type { Json } from "../support/graphSim.js";
import { startTestHost, type TestHost } from "../support/host.js";
import { type E2eStack, startE2eStack } from "./stack.js";

const ws = `/api/workspaces/${demoWorkspace.id}`;
const [tenantA, tenantB] = demoTenants;
const figures: Record<string, unknown> = {};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let stack: E2eStack;
/** The host serving the stack's port (replaced by the crash case). */
let host: TestHost;
let backupSetId = "";

interface Named {
  id: string;
  displayName: string;
}
interface Truth {
  groups: Named[];
  filters: Named[];
  policies: { type: string; id: string; displayName: string; assignments: PolicyAssignment[] }[];
}

const filterKey = "deviceAndAppManagementAssignmentFilterId";
const keys = (assignments: readonly PolicyAssignment[]): string[] => assignments.map(assignmentKey).sort();

async function exportOf(externalId: string): Promise<Truth> {
  return (await stack.sim.admin("GET", `tenants/${externalId}/export`)).body as Truth;
}

/** Source assignments in the target's ids (by display name); `unmapped` counts targets it lacks. */
function mapToTarget(source: Truth, target: Truth, assignments: readonly PolicyAssignment[]) {
  const idIn = (list: Named[], from: Named[], id: string) => {
    const name = from.find((o) => o.id === id)?.displayName;
    return list.find((o) => o.displayName === name)?.id;
  };
  const mapped: PolicyAssignment[] = [];
  let unmapped = 0;
  for (const a of assignments) {
    const t: Record<string, unknown> = { ...a.target };
    let ok = true;
    if (typeof t.groupId === "string") {
      const id = idIn(target.groups, source.groups, t.groupId);
      if (id === undefined) ok = false;
      else t.groupId = id;
    }
    if (typeof t[filterKey] === "string" && t[filterKey] !== "") {
      const id = idIn(target.filters, source.filters, t[filterKey]);
      if (id === undefined) ok = false;
      else t[filterKey] = id;
    }
    if (ok) mapped.push({ ...a, target: t as PolicyAssignment["target"] });
    else unmapped += 1;
  }
  return { mapped, unmapped };
}

interface Expected {
  /** Target policy (type/displayName) → the assignment keys it must end with. */
  final: Map<string, string[]>;
  /**
   * Target policy id → the write requests a correct restore makes for it once: 1 `/assign`, or for types
   * written one assignment at a time (Autopilot profiles) one POST or DELETE per assignment that differs.
   */
  changed: Map<string, number>;
  /** Source policy ids that must fail (`fail` policy and a missing group or filter). */
  failing: Set<string>;
}

const policyKey = (p: { type: string; displayName: string }) => `${p.type}/${p.displayName}`;
const perAssignmentTypes = new Set(["windowsAutopilotDeploymentProfiles"]);

/** What B must hold after restoring A with `missing` against B's `before` state (`directory`: B's groups). */
function expected(source: Truth, before: Truth, missing: "skip" | "fail", directory = before): Expected {
  const final = new Map<string, string[]>();
  const changed = new Map<string, number>();
  const failing = new Set<string>();
  for (const p of source.policies) {
    const target = before.policies.find((q) => policyKey(q) === policyKey(p));
    if (target === undefined) continue;
    const { mapped, unmapped } = mapToTarget(source, directory, p.assignments);
    if (unmapped > 0 && missing === "fail") {
      failing.add(p.id);
      final.set(policyKey(p), keys(target.assignments));
      continue;
    }
    const want = keys(mapped);
    const have = keys(target.assignments);
    final.set(policyKey(p), want);
    const differing =
      want.filter((k) => !have.includes(k)).length + have.filter((k) => !want.includes(k)).length;
    if (differing > 0) changed.set(target.id, perAssignmentTypes.has(p.type) ? differing : 1);
  }
  return { final, changed, failing };
}

/** Successful write requests per target policy id, from the simulator's request log. */
async function writesByPolicy(externalId: string): Promise<{ ok: Map<string, number>; throttled: number }> {
  const log = (await stack.sim.admin("GET", `requests?tenantId=${externalId}&limit=20000`)).body;
  const ok = new Map<string, number>();
  let throttled = 0;
  for (const e of log.value as Json[]) {
    if (e.method === "GET" || e.batchItem === true) continue;
    const segments = String(e.path).split("/");
    const at = segments.findIndex((s) => s === "assign" || s === "assignments");
    if (at < 1) continue;
    if (e.status === 429) throttled += 1;
    if (e.status < 200 || e.status >= 300) continue;
    const id = segments[at - 1] ?? "";
    ok.set(id, (ok.get(id) ?? 0) + 1);
  }
  return { ok, throttled };
}

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

function assertFinal(after: Truth, want: Expected): number {
  let compared = 0;
  for (const [key, assignments] of want.final) {
    const b = after.policies.find((q) => policyKey(q) === key);
    expect(keys(b?.assignments ?? []), key).toEqual(assignments);
    compared += assignments.length;
  }
  return compared;
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
  return res.body.id as string;
}

async function execute(restoreRunId: string): Promise<Json> {
  const res = await stack.api("POST", `${ws}/restores/${restoreRunId}/execute`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

async function auditEntries(runId: string): Promise<Json[]> {
  const res = await stack.api(
    "GET",
    `${ws}/audit?action=restore.assignments.executed&runId=${runId}&limit=200`,
  );
  expect(res.status).toBe(200);
  return res.body.items as Json[];
}

beforeAll(async () => {
  const t0 = Date.now();
  stack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
  host = stack.host;
  figures.stack_start_s = (Date.now() - t0) / 1000;
  const started = await stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {});
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  backupSetId = started.body.backupSetId as string;
  expect(
    (await stack.waitForRun(started.body.run.id as string, { timeoutMs: 180_000, acrossRestarts: true }))
      .outcome,
  ).toBe("succeeded");
}, 240_000);

afterAll(async () => {
  console.log(JSON.stringify({ e2e_restore_faults: figures }));
  await host.stop();
  await stack.stop();
}, 60_000);

describe("restore under faults", () => {
  it("Graph throttling (429 with and without Retry-After) slows the writes but loses none", async () => {
    await stack.sim.admin("POST", "reset", { seedDemo: true });
    const source = await exportOf(tenantA.externalId);
    const before = await exportOf(tenantB.externalId);
    const want = expected(source, before, "skip");
    expect(want.changed.size).toBeGreaterThan(3);
    for (const [seed, retryAfterSeconds] of [
      [11, 1],
      [12, undefined],
    ] as const) {
      const fault = await stack.sim.admin("POST", "faults", {
        pathPattern: "/assign$",
        method: "POST",
        tenantId: tenantB.externalId,
        status: 429,
        code: "TooManyRequests",
        rate: 0.5,
        seed,
        maxHits: 6,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      expect(fault.status).toBe(201);
    }
    // Reads are throttled too (the $batch of current assignments).
    await stack.sim.admin("POST", "faults", {
      pathPattern: "\\$batch",
      tenantId: tenantB.externalId,
      status: 429,
      retryAfterSeconds: 1,
      maxHits: 2,
      includeBatchItems: false,
    });
    const id = await createRestore({ missingTargetPolicy: "skip" });
    const t0 = Date.now();
    const started = await execute(id);
    expect(started.deduped).toBe(false);
    const run = await stack.waitForRun(started.run.id as string, {
      timeoutMs: 180_000,
      acrossRestarts: true,
    });
    figures.throttled_wall_s = (Date.now() - t0) / 1000;
    expect(run.outcome).toBe("succeeded");
    const writes = await writesByPolicy(tenantB.externalId);
    figures.throttled_429_on_writes = writes.throttled;
    figures.throttled_changed_items = want.changed.size;
    figures.throttled_graph_writes = total(writes.ok);
    expect(writes.throttled).toBeGreaterThan(0);
    expect(writes.ok).toEqual(want.changed);
    const restore = (await stack.api("GET", `${ws}/restores/${id}`)).body;
    expect((restore.results as Json[]).filter((r) => r.applied === true).length).toBe(want.changed.size);
    expect(Number(run.summaryCounts.created) + Number(run.summaryCounts.updated)).toBe(want.changed.size);
    figures.throttled_assignments_compared = assertFinal(await exportOf(tenantB.externalId), want);
    expect(await auditEntries(String(run.context.childRunIds?.[0]))).toHaveLength(1);
  });

  it("a group deleted in the target between preview and execute: its items fail group_unmapped, others go on", async () => {
    await stack.sim.admin("POST", "reset", { seedDemo: true });
    const source = await exportOf(tenantA.externalId);
    const before = await exportOf(tenantB.externalId);
    const id = await createRestore({ missingTargetPolicy: "fail" });
    const preview = await stack.api("GET", `${ws}/restores/${id}/preview`);
    expect(preview.status).toBe(200);
    const previewed = new Map((preview.body.items as Json[]).map((i) => [String(i.sourcePolicyId), i]));

    // The B group that the most previewed-as-mapped items use.
    const uses = new Map<string, number>();
    for (const p of source.policies) {
      if ((previewed.get(p.id)?.unmapped as Json[] | undefined)?.length !== 0) continue;
      for (const a of p.assignments) {
        const groupId = (a.target as Record<string, unknown>).groupId;
        const name = source.groups.find((g) => g.id === groupId)?.displayName;
        if (name !== undefined) uses.set(name, (uses.get(name) ?? 0) + 1);
      }
    }
    const [victimName] = [...uses.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    const victim = before.groups.find((g) => g.displayName === victimName);
    expect(victim, "a mapped group in B").toBeDefined();
    const deleted = await stack.sim.admin("DELETE", `tenants/${tenantB.externalId}/groups/${victim?.id}`);
    expect(deleted.status).toBe(204);
    figures.deleted_group_items = uses.get(victimName ?? "");

    const afterDelete = await exportOf(tenantB.externalId);
    const want = expected(source, before, "fail", afterDelete);
    const started = await execute(id);
    const run = await stack.waitForRun(started.run.id as string, {
      timeoutMs: 180_000,
      acrossRestarts: true,
    });
    expect(run.outcome).toBe("partially_succeeded");
    const restore = (await stack.api("GET", `${ws}/restores/${id}`)).body;
    const results = new Map((restore.results as Json[]).map((r) => [String(r.sourcePolicyId), r]));
    let newlyFailed = 0;
    for (const p of source.policies) {
      const result = results.get(p.id);
      expect(result, p.displayName).toBeDefined();
      if (want.failing.has(p.id)) {
        expect(result.action, p.displayName).toBe("failed");
        expect(["group_unmapped", "filter_unmapped"]).toContain(result.reasonCode);
        if ((previewed.get(p.id)?.unmapped as Json[]).length === 0) {
          // Mapped at preview time, failing now: the deleted group.
          expect(result.reasonCode).toBe("group_unmapped");
          newlyFailed += 1;
        }
      } else {
        expect(result.action, p.displayName).not.toBe("failed");
      }
    }
    expect(newlyFailed).toBe(uses.get(victimName ?? ""));
    figures.deleted_group_failed_items = newlyFailed;
    figures.deleted_group_restored_items = source.policies.length - want.failing.size;
    const writes = await writesByPolicy(tenantB.externalId);
    expect(writes.ok).toEqual(want.changed);
    assertFinal(await exportOf(tenantB.externalId), want);
  });

  it("SIGKILL mid-restore: resumes, writes no item twice, one audit entry; repeated executes are deduped", async () => {
    await stack.sim.admin("POST", "reset", { seedDemo: true });
    const source = await exportOf(tenantA.externalId);
    const before = await exportOf(tenantB.externalId);
    const want = expected(source, before, "skip");
    // Slow writes so that the kill lands mid-restore.
    await stack.sim.admin("POST", "faults", {
      pathPattern: "/assign$",
      method: "POST",
      tenantId: tenantB.externalId,
      latencyMs: 600,
    });
    const id = await createRestore({ missingTargetPolicy: "skip" });
    const first = await execute(id);
    expect(first.deduped).toBe(false);
    const runId = first.run.id as string;
    const during = await execute(id);
    expect(during).toMatchObject({ deduped: true, reason: "active", run: { id: runId } });

    const deadline = Date.now() + 120_000;
    while ((await writesByPolicy(tenantB.externalId)).ok.size < 3) {
      if (Date.now() > deadline) throw new Error("no writes before the kill");
      await sleep(100);
    }
    const writesAtKill = (await writesByPolicy(tenantB.externalId)).ok.size;
    await host.kill();
    figures.crash_writes_before_kill = writesAtKill;
    host = await startTestHost({
      appDir: process.cwd(),
      port: stack.host.port,
      leaseSeconds: 2,
      env: stack.host.env,
    });
    const afterRestart = await execute(id);
    expect(afterRestart.deduped).toBe(true);
    expect(afterRestart.run.id).toBe(runId);
    expect(["active", "cooldown"]).toContain(afterRestart.reason);

    const run = await stack.waitForRun(runId, { timeoutMs: 180_000, acrossRestarts: true });
    expect(run.outcome).toBe("succeeded");
    const after = await execute(id);
    expect(after).toMatchObject({ deduped: true, reason: "cooldown", run: { id: runId } });
    figures.crash_repeated_executes = [during.reason, afterRestart.reason, after.reason];

    const writes = await writesByPolicy(tenantB.externalId);
    figures.crash_changed_items = want.changed.size;
    figures.crash_graph_writes = total(writes.ok);
    expect(writesAtKill).toBeLessThan(want.changed.size);
    expect(writes.ok).toEqual(want.changed);
    figures.crash_assignments_compared = assertFinal(await exportOf(tenantB.externalId), want);

    const assignmentsRunId = (run.context.childRunIds as string[] | undefined)?.[0];
    expect(typeof assignmentsRunId).toBe("string");
    expect(await auditEntries(assignmentsRunId ?? "")).toHaveLength(1);
    const restore = (await stack.api("GET", `${ws}/restores/${id}`)).body;
    expect((restore.results as Json[]).length).toBe(source.policies.length);
    // The item whose write was in flight at the kill is reported written, not unchanged.
    const applied = (restore.results as Json[]).filter((r) => r.applied === true).length;
    figures.crash_items_reported_written = applied;
    expect(applied).toBe(want.changed.size);
  });
});
