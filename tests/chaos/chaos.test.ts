// Chaos on the whole local stack (built app on the local host, Azurite, local Cosmos behind a fault proxy,
// Graph simulator with extra generated tenants). While backups and restores run on several tenants: Graph
// answers 20% 503/504, 429 bursts with and without Retry-After, dropped connections and slow answers; the
// host is SIGKILLed and restarted; Azurite is stopped gracefully and started again; Cosmos answers 429 and
// 503 for a while. Afterwards, and after one reconcile pass: every run completed with the right outcome,
// backups equal the simulator's truth, restored assignments equal the expected result, no Graph item written
// twice, exactly one audit entry per restore execution, no active-run lock left. Figures: one JSON line.
// Profile: CHAOS_PROFILE=full (npm run test:chaos, via runFull.ts) or short (default, part of `npm test`), see profile.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { OperationRun } from "../../shared/domain/operationRun.js";
import { DurableApi } from "../host/durableClient.js";
import { type ChaosStack, type ChaosTenant, startChaosStack } from "../support/chaosStack.js";
import { chaosProfile } from "./profile.js";
import {
  armGraphFaults,
  auditDocs,
  expectBackupEqualsTruth,
  expectedAfterRestore,
  exportOf,
  faultHits,
  keys,
  lockDocs,
  reconcileOnce,
  runDocs,
  sleep,
  type Truth,
  waitAllCompleted,
  waitForRuns,
  writesTo,
} from "./world.js";

const profile = chaosProfile();
const figures: Record<string, unknown> = { profile: profile.name };
let stack: ChaosStack;
let ws = "";

beforeAll(async () => {
  const t0 = Date.now();
  stack = await startChaosStack({
    generatedTenants: profile.generatedTenants,
    generatedPolicies: profile.generatedPolicies,
  });
  ws = `/api/workspaces/${stack.workspaceId}`;
  figures.stack_start_s = (Date.now() - t0) / 1000;
}, 240_000);
afterAll(async () => {
  console.log(JSON.stringify({ chaos: figures }));
  await stack.stop();
});

const chaosCounts = { hostKills: 0, azuriteRestarts: 0, cosmos429Windows: 0, cosmos503Windows: 0 };
const azuriteStopMs: number[] = [];

/** Host kills, Azurite restarts and Cosmos fault windows while a phase's runs work. */
async function disturb(
  kills: number,
  azuriteRestarts: number,
  killAt: (runs: OperationRun[]) => boolean = (runs) => runs.some((r) => r.status === "running"),
): Promise<void> {
  await waitForRuns(stack, killAt);
  for (let i = 0; i < Math.max(kills, azuriteRestarts, profile.cosmosWindows); i++) {
    if (i < kills) {
      await stack.killAndRestartHost();
      chaosCounts.hostKills += 1;
      await sleep(1_500);
    }
    if (i < profile.cosmosWindows) {
      // Throttling the SDK rides out with its own retries; then a few unavailable answers.
      stack.cosmosProxy.open({ status: 429, rate: 0.5, retryAfterMs: 100 });
      chaosCounts.cosmos429Windows += 1;
      await sleep(2_000);
      stack.cosmosProxy.open({ status: 503, rate: 0.3, maxHits: 4 });
      chaosCounts.cosmos503Windows += 1;
      await sleep(2_000);
      stack.cosmosProxy.clear();
    }
    if (i < azuriteRestarts) {
      azuriteStopMs.push(await stack.restartAzurite());
      chaosCounts.azuriteRestarts += 1;
      await sleep(1_000);
    }
  }
}

async function startBackup(tenant: ChaosTenant): Promise<{ runId: string; backupSetId: string }> {
  const res = await stack.api("POST", `${ws}/tenants/${tenant.id}/backups`, {});
  expect(res.status, res.text).toBe(202);
  expect(res.body.deduped).toBe(false);
  return { runId: String(res.body.run.id), backupSetId: String(res.body.backupSetId) };
}

async function runsByTypeAndOutcome(): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of await runDocs(stack)) {
    const byOutcome = (out[r.type] ??= {});
    byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  }
  return out;
}

/** Phase end: every run completed, or the stuck ones named with their state. */
async function expectAllCompleted(phase: string): Promise<void> {
  const t0 = Date.now();
  const open = await waitAllCompleted(stack, profile.phaseTimeoutMs);
  figures[`${phase}_settle_s`] = (Date.now() - t0) / 1000;
  // A stuck run is named with its orchestration's state, to tell a lost start from a lost step.
  const durable = new DurableApi(stack.host().url);
  const named = await Promise.all(
    open.map(async (r: OperationRun) => {
      const { http, body } = await durable.status(r.id);
      return `${r.type} ${r.id} ${r.status} (orchestration ${http === 404 ? "missing" : String(body?.runtimeStatus)})`;
    }),
  );
  expect(named, stack.hostOutput().slice(-30).join("\n")).toEqual([]);
}

// Half the tenants are restore sources, the other half their targets: Contoso → Fabrikam (some groups
// missing there: skipped and reported), each generated source → the next generated tenant (all mapped).
const pairs = (): [ChaosTenant, ChaosTenant][] => {
  const pairs: [ChaosTenant, ChaosTenant][] = [];
  for (let i = 0; i + 1 < stack.tenants.length; i += 2) {
    const source = stack.tenants[i];
    const target = stack.tenants[i + 1];
    if (source !== undefined && target !== undefined) pairs.push([source, target]);
  }
  return pairs;
};

const truth = new Map<string, Truth>();
const sourceSets = new Map<string, string>();
const executeRuns: string[] = [];

describe(`chaos (${profile.name} profile)`, () => {
  it(
    "backups and restores on several tenants survive Graph, host, Azurite and Cosmos faults with nothing lost or doubled",
    async () => {
      const t0 = Date.now();
      for (const t of stack.tenants) truth.set(t.id, await exportOf(stack, t));
      const killsPhase1 = Math.floor(profile.hostKills / 2);
      const restartsPhase1 = Math.floor(profile.azuriteRestarts / 2);

      // Phase 1: a backup of every tenant.
      await armGraphFaults(stack, profile, 11);
      const phase1 = await Promise.all(stack.tenants.map((t) => startBackup(t)));
      await disturb(killsPhase1, restartsPhase1);
      await expectAllCompleted("phase1");
      const hits1 = await faultHits(stack);
      stack.tenants.forEach((t, i) => sourceSets.set(t.id, phase1[i]?.backupSetId ?? ""));

      // Phase 2: restores source → target while the sources are backed up again.
      await armGraphFaults(stack, profile, 23);
      const restores: { id: string; source: ChaosTenant; target: ChaosTenant }[] = [];
      for (const [source, target] of pairs()) {
        const created = await stack.api("POST", `${ws}/restores`, {
          backupSetId: sourceSets.get(source.id),
          targetTenantId: target.id,
          groupMapping: { strategy: "displayName" },
          filterMapping: { strategy: "displayName" },
          missingTargetPolicy: "skip",
        });
        expect(created.status, created.text).toBe(201);
        restores.push({ id: String(created.body.id), source, target });
      }
      for (const r of restores) {
        const executed = await stack.api("POST", `${ws}/restores/${r.id}/execute`);
        expect(executed.status, executed.text).toBe(202);
        expect(executed.body.deduped).toBe(false);
        executeRuns.push(String(executed.body.run.id));
      }
      const phase2 = await Promise.all(restores.map((r) => startBackup(r.source)));
      // The first kill lands as soon as an execution has created its assignments.restore run.
      await disturb(profile.hostKills - killsPhase1, profile.azuriteRestarts - restartsPhase1, (runs) =>
        runs.some((r) => r.type === "assignments.restore" && r.status !== "completed"),
      );
      await expectAllCompleted("phase2");
      const hits2 = await faultHits(stack);
      await stack.sim.admin("DELETE", "faults");
      figures.graph_faults = Object.fromEntries(
        Object.keys({ ...hits1, ...hits2 }).map((k) => [k, (hits1[k] ?? 0) + (hits2[k] ?? 0)]),
      );
      figures.cosmos_faults = { ...stack.cosmosProxy.faulted };
      figures.chaos = { ...chaosCounts, azuriteStopMs };

      // One reconcile pass: nothing left to repair that changes an outcome.
      const pass = await reconcileOnce(stack);
      figures.reconcile = pass.counts;
      expect(pass.counts?.failed).toBe(0);

      // Every run completed with the right outcome (the reconcile run included).
      const runs = await runDocs(stack);
      figures.runs = await runsByTypeAndOutcome();
      for (const r of runs) {
        expect(r.status, `${r.type} ${r.id}`).toBe("completed");
        expect(r.outcome, `${r.type} ${r.id} ${JSON.stringify(r.failureSummary)}`).toBe("succeeded");
      }
      expect(runs.filter((r) => r.type === "backup_set.create")).toHaveLength(phase1.length + phase2.length);
      expect(runs.filter((r) => r.type === "restore.execute")).toHaveLength(executeRuns.length);
      expect(runs.filter((r) => r.type === "assignments.restore")).toHaveLength(executeRuns.length);

      // Backups equal the simulator's truth (sources: phase 1 and phase 2; targets: phase 1, before restore).
      let assignments = 0;
      for (const [i, t] of stack.tenants.entries()) {
        assignments += await expectBackupEqualsTruth(stack, phase1[i]?.backupSetId ?? "", truth.get(t.id)!);
      }
      for (const [i, r] of restores.entries()) {
        const after = await exportOf(stack, r.source);
        expect(after).toEqual(truth.get(r.source.id));
        assignments += await expectBackupEqualsTruth(stack, phase2[i]?.backupSetId ?? "", after);
      }
      figures.backup_sets_checked = phase1.length + phase2.length;
      figures.backup_assignments_checked = assignments;

      // Restored assignments equal the expected result; no Graph item written twice.
      let compared = 0;
      let writes = 0;
      for (const r of restores) {
        const source = truth.get(r.source.id)!;
        const before = truth.get(r.target.id)!;
        const after = await exportOf(stack, r.target);
        for (const p of source.policies) {
          const b = after.policies.find((q) => q.type === p.type && q.displayName === p.displayName);
          const expected = expectedAfterRestore(source, before, p.assignments);
          expect(keys(b?.assignments ?? []), `${r.target.displayName}: ${p.displayName}`).toEqual(
            keys(expected),
          );
          compared += expected.length;
        }
        for (const [write, n] of await writesTo(stack, r.target)) {
          // /assign replaces a policy's whole set: once per policy. Autopilot profiles take one POST per
          // assignment on `/assignments`: at most one per assignment the policy ends with.
          const perAssignment = /^POST .*\/([^/]+)\/assignments$/.exec(write);
          const policy = after.policies.find((q) => q.id === perAssignment?.[1]);
          const allowed = perAssignment === null ? 1 : (policy?.assignments.length ?? 0);
          expect(n, `${r.target.displayName}: ${write}`).toBeLessThanOrEqual(allowed);
          expect(n).toBeGreaterThan(0);
          writes += n;
        }
      }
      figures.restored_assignments_compared = compared;
      figures.graph_writes = writes;

      // Exactly one audit entry per restore execution (it names the execution's assignments.restore run).
      const audits = (await auditDocs(stack)).filter((a) => a.action === "restore.assignments.executed");
      const restoreRuns = runs.filter((r) => r.type === "assignments.restore");
      expect(restoreRuns.map((r) => r.context.parentRunId).sort()).toEqual([...executeRuns].sort());
      expect(audits.map((a) => String(a.runId)).sort()).toEqual(restoreRuns.map((r) => r.id).sort());
      figures.restore_audit_entries = audits.length;

      // No active-run lock left behind.
      const locks = await lockDocs(stack);
      expect(locks.filter((l) => l.state !== "cooling").map((l) => `${l.type} ${l.state}`)).toEqual([]);
      figures.locks_cooling = locks.length;
      figures.wall_s = (Date.now() - t0) / 1000;
    },
    profile.testTimeoutMs,
  );

  it("an execution whose orchestration dies after creating its assignments.restore run: one reconcile pass completes both", async () => {
    const pair = pairs()[0];
    if (pair === undefined) throw new Error("no restore pair");
    const [source, target] = pair;
    // Slow writes to the target keep the execution busy long enough to stop it mid-way.
    await stack.sim.admin("DELETE", "faults");
    await stack.sim.admin("POST", "faults", { tenantId: target.externalId, latencyMs: 3_000 });
    const created = await stack.api("POST", `${ws}/restores`, {
      backupSetId: sourceSets.get(source.id),
      targetTenantId: target.id,
      groupMapping: { strategy: "displayName" },
      filterMapping: { strategy: "displayName" },
    });
    expect(created.status, created.text).toBe(201);
    const executed = await stack.api("POST", `${ws}/restores/${String(created.body.id)}/execute`);
    expect(executed.status, executed.text).toBe(202);
    const parentId = String(executed.body.run.id);
    let childId = "";
    await waitForRuns(stack, (runs) => {
      childId = runs.find((r) => r.context.parentRunId === parentId)?.id ?? "";
      return childId !== "";
    });
    expect(childId).not.toBe("");
    const durable = new DurableApi(stack.host().url);
    expect(await durable.post(`instances/${parentId}/terminate?reason=chaos`)).toBe(202);
    await durable.waitFor(parentId, ["Terminated"]);
    await stack.sim.admin("DELETE", "faults");

    // Within the grace period, with the real clock: the child is judged by its parent's orchestration.
    const pass = await reconcileOnce(stack);
    figures.terminated_execution_reconcile = pass.counts;
    expect(pass.counts).toMatchObject({ reconciled: 2, failed: 0 });
    const byId = new Map((await runDocs(stack)).map((r) => [r.id, r]));
    for (const id of [parentId, childId]) {
      expect(byId.get(id)).toMatchObject({ status: "completed", outcome: "cancelled" });
      expect(byId.get(id)?.failureSummary.map((f) => f.reasonCode)).toContain("orchestration_terminated");
    }
    // What is left is the child's cooldown (its lock names a completed run), never an active run's lock.
    for (const lock of await lockDocs(stack)) {
      expect(byId.get(String(lock.runId))?.status, `${String(lock.type)} ${String(lock.state)}`).toBe(
        "completed",
      );
    }
  }, 180_000);
});
