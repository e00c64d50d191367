// The reconciler against the local Cosmos server over its real protocol. Each broken state is created for
// real in Cosmos (through the ledger, then "crashing" between its steps by writing or deleting documents);
// only Durable's status endpoint is stood in for (FakeDurableStatus) until the local host lands.
import type { Container } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { AuditEntry } from "../../shared/domain/auditEntry.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { toCompleted } from "../../shared/domain/runLifecycle.js";
import type { StartRunInput } from "../../shared/ports/runLedger.js";
import { reconcileAuditId } from "../../shared/reconcile/reconcileAudit.js";
import type { RepairKind } from "../../shared/reconcile/repairDecisions.js";
import type { ReconcileOptions } from "../../shared/reconcile/reconcileOptions.js";
import { reconcilePass } from "../../shared/reconcile/reconcilePass.js";
import { reconcileWorkspace, type ReconcileDeps } from "../../shared/reconcile/reconcileWorkspace.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair } from "../../shared/store/CosmosRunRepair.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";
import { docsOf, FakeDurableStatus, minutesBefore, SettableClock } from "./support.js";

const options: ReconcileOptions = { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 };
const now = new Date();
/** The clock of the code that created the runs (in the past); the reconciler's clock stays at `now`. */
const past = new SettableClock(now);
const present = new SettableClock(now);

let cosmos: TestCosmos;
let runs: Container;
let audits: Container;
let pastLedger: CosmosRunLedger;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  runs = cosmos.containers.runs;
  audits = cosmos.containers.audits;
  pastLedger = new CosmosRunLedger({
    container: runs,
    clock: past,
    cooldownMinutes: options.cooldownMinutes,
  });
});
afterAll(async () => {
  await cosmos.close();
});

function depsFor(durable: FakeDurableStatus): ReconcileDeps {
  return {
    ledger: new CosmosRunLedger({
      container: runs,
      clock: present,
      cooldownMinutes: options.cooldownMinutes,
    }),
    repair: new CosmosRunRepair(runs),
    orchestration: durable,
    audit: new CosmosAuditLog(audits),
    clock: present,
    options,
  };
}

const timer = { initiator: { userId: null, name: "reconcile timer" }, actorKind: "system" as const };

let seq = 0;
function input(workspaceId: string, type: StartRunInput["type"]): StartRunInput {
  seq += 1;
  const key = `k-${String(seq)}`;
  const identityInputs: Record<StartRunInput["type"], Record<string, string>> = {
    "backup_set.create": { backupSetId: key },
    "assignments.fetch": { backupItemId: key },
    "restore.execute": { restoreRunId: key },
    "assignments.restore": { restoreRunId: key },
    "ops.reconcile_adapter_runs": {},
    "backup_schedule.scheduled": { backupScheduleId: key, scheduledFor: key },
    "directory_role_definitions.sync": {},
    "provider_connection.verify": {},
  };
  return {
    workspaceId,
    tenantId: type === "ops.reconcile_adapter_runs" ? null : "tenant-1",
    type,
    initiator: { userId: "user-1", name: "Oscar Operator" },
    identityInputs: identityInputs[type],
  };
}

/** A run started `minutesAgo` through the real ledger, optionally marked running then. */
async function startedRun(
  workspaceId: string,
  type: StartRunInput["type"],
  minutesAgo: number,
  running = true,
): Promise<OperationRun> {
  past.at = minutesBefore(now, minutesAgo);
  const { run } = await pastLedger.start(input(workspaceId, type));
  return running ? pastLedger.markRunning(workspaceId, run.id) : run;
}

async function auditsOf(workspaceId: string): Promise<AuditEntry[]> {
  return (await docsOf(audits, workspaceId, "audit")) as unknown as AuditEntry[];
}

async function runDoc(workspaceId: string, runId: string): Promise<OperationRun | undefined> {
  const { resource } = await runs.item(runId, workspaceId).read<OperationRun>();
  return resource;
}

describe("one reconcile pass repairs every broken state, a second pass repairs nothing", () => {
  const ws = "ws-broken";
  const durable = new FakeDurableStatus();
  const expected = { reconciled: new Map<string, RepairKind>(), released: new Set<string>(), stale: "" };

  beforeAll(async () => {
    // Orchestration terminated, but the cancel crashed before completing the run.
    const terminated = await startedRun(ws, "backup_set.create", 40);
    durable.set(terminated.id, "Terminated");
    // Orchestration failed, the run still says running.
    const failed = await startedRun(ws, "restore.execute", 40);
    durable.set(failed.id, "Failed");
    // Orchestration completed with an outcome, the host died before the ledger write (cooldown type).
    const completedRun = await startedRun(ws, "assignments.fetch", 40);
    durable.set(completedRun.id, "Completed", {
      outcome: "partially_succeeded",
      summaryCounts: { total: 3, succeeded: 2, failed: 1 },
    });
    // Queued 40 minutes ago, its orchestration never started (host killed after the ledger write).
    const missing = await startedRun(ws, "backup_set.create", 40, false);
    // Running for 60 minutes, orchestration alive: restore.execute expects 900 s, × 3 = 45 minutes.
    const stale = await startedRun(ws, "restore.execute", 60);
    durable.set(stale.id, "Running");
    // Run document deleted behind its lock.
    const deleted = await startedRun(ws, "backup_set.create", 40);
    await runs.item(deleted.id, ws).delete();
    // Orphan lock: the run completed but the completer died before releasing the lock.
    const orphan = await startedRun(ws, "backup_set.create", 40);
    await runs.item(orphan.id, ws).replace(toCompleted(orphan, { outcome: "succeeded" }, past.now()));
    // Cooling lock whose cooldown is over (completed 30 minutes ago, cooldown 15).
    const cooled = await startedRun(ws, "assignments.restore", 40);
    past.at = minutesBefore(now, 30);
    await pastLedger.complete(ws, cooled.id, { outcome: "succeeded" });
    // Healthy: running with a live orchestration; queued within the grace period.
    durable.set((await startedRun(ws, "backup_set.create", 1)).id, "Running");
    await startedRun(ws, "backup_set.create", 2, false);

    expected.reconciled.set(terminated.id, "orchestration_terminated");
    expected.reconciled.set(failed.id, "orchestration_failed");
    expected.reconciled.set(completedRun.id, "orchestration_completed");
    expected.reconciled.set(missing.id, "orchestration_missing");
    for (const id of [terminated.id, failed.id, missing.id, deleted.id, orphan.id, cooled.id]) {
      expected.released.add(id);
    }
    expected.stale = stale.id;
  });

  it("pass 1: counts match the repairs, runs carry outcome and reason code, locks are gone", async () => {
    const result = await reconcileWorkspace(depsFor(durable), { workspaceId: ws, ...timer });
    expect(result.deduped).toBe(false);
    expect(result.counts).toEqual({ checked: 7, reconciled: 4, locks_released: 6, stale: 1, failed: 0 });
    expect(result.run).toMatchObject({
      type: "ops.reconcile_adapter_runs",
      tenantId: null,
      status: "completed",
      outcome: "succeeded",
      summaryCounts: { checked: 7, reconciled: 4, locks_released: 6, stale: 1, failed: 0 },
      failureSummary: [],
    });

    const byKind = new Map<string, OperationRun>();
    for (const [runId, kind] of expected.reconciled) {
      const run = await runDoc(ws, runId);
      expect(run?.status).toBe("completed");
      byKind.set(kind, run!);
    }
    expect(byKind.get("orchestration_terminated")).toMatchObject({
      outcome: "cancelled",
      failureSummary: [
        { code: "ops.reconcile.orchestration_terminated", reasonCode: "orchestration_terminated" },
      ],
    });
    expect(byKind.get("orchestration_failed")).toMatchObject({
      outcome: "failed",
      failureSummary: [{ code: "ops.reconcile.orchestration_failed", reasonCode: "orchestration_failed" }],
    });
    expect(byKind.get("orchestration_completed")).toMatchObject({
      outcome: "partially_succeeded",
      summaryCounts: { total: 3, succeeded: 2, failed: 1 },
      failureSummary: [],
    });
    expect(byKind.get("orchestration_missing")).toMatchObject({
      outcome: "failed",
      startedAt: null,
      failureSummary: [{ code: "ops.reconcile.orchestration_missing", reasonCode: "orchestration_missing" }],
    });
    const stale = await runDoc(ws, expected.stale);
    expect(stale).toMatchObject({ status: "running", context: { staleFlaggedAt: now.toISOString() } });

    // Locks left: the stale run's, the two healthy runs', and the fetch run's (its 15-minute cooldown runs).
    const locks = await docsOf(runs, ws, "lock");
    const lockRuns = new Set(locks.map((l) => l["runId"]));
    expect(locks).toHaveLength(4);
    for (const id of expected.released) expect(lockRuns.has(id)).toBe(false);
    expect(lockRuns.has(expected.stale)).toBe(true);

    // Audits one-to-one with the repairs, with deterministic ids.
    const entries = await auditsOf(ws);
    expect(entries).toHaveLength(4 + 6 + 1);
    const ids = new Set(entries.map((e) => e.id));
    for (const [runId, kind] of expected.reconciled)
      expect(ids.has(reconcileAuditId(runId, kind))).toBe(true);
    for (const runId of expected.released)
      expect(ids.has(reconcileAuditId(runId, "lock_released"))).toBe(true);
    expect(ids.has(reconcileAuditId(expected.stale, "stale_flagged"))).toBe(true);
    expect(entries.every((e) => e.action === "ops.run.reconciled" && e.actor.kind === "system")).toBe(true);
    expect(entries.every((e) => e.details["reconcileRunId"] === result.run.id)).toBe(true);
  });

  it("pass 2: nothing left to repair, only the three live runs are checked, no new audits", async () => {
    const result = await reconcileWorkspace(depsFor(durable), { workspaceId: ws, ...timer });
    expect(result.deduped).toBe(false);
    expect(result.counts).toEqual({ checked: 3, reconciled: 0, locks_released: 0, stale: 0, failed: 0 });
    expect(await auditsOf(ws)).toHaveLength(11);
    const reconcileRuns = (await docsOf(runs, ws, "run")).filter(
      (r) => r["type"] === "ops.reconcile_adapter_runs",
    );
    expect(reconcileRuns).toHaveLength(2);
    expect(reconcileRuns.every((r) => r["status"] === "completed")).toBe(true);
  });
});

describe("overlap prevention", () => {
  it("50 concurrent reconcile starts for one workspace: exactly one run does the pass, 49 are deduped", async () => {
    const ws = "ws-overlap";
    const durable = new FakeDurableStatus();
    durable.delayMs = 300; // the pass outlasts every concurrent start
    for (let i = 0; i < 3; i += 1) durable.set((await startedRun(ws, "backup_set.create", 1)).id, "Running");

    const deps = depsFor(durable);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => reconcileWorkspace(deps, { workspaceId: ws, ...timer })),
    );
    const owners = results.filter((r) => !r.deduped);
    expect(owners).toHaveLength(1);
    const runId = owners[0]!.run.id;
    const deduped = results.filter((r) => r.deduped);
    expect(deduped).toHaveLength(49);
    expect(deduped.every((r) => r.run.id === runId && r.counts === undefined)).toBe(true);
    expect(durable.calls).toBe(3); // one pass, three runs checked
    const reconcileRuns = (await docsOf(runs, ws, "run")).filter(
      (r) => r["type"] === "ops.reconcile_adapter_runs",
    );
    expect(reconcileRuns).toHaveLength(1);
    expect(reconcileRuns[0]).toMatchObject({ id: runId, status: "completed", outcome: "succeeded" });
    expect((await docsOf(runs, ws, "lock")).some((l) => l["runId"] === runId)).toBe(false);
  });

  it("a reconcile run abandoned by a dead host is failed with a stable code and a new pass takes over", async () => {
    const ws = "ws-abandoned";
    const abandoned = await startedRun(ws, "ops.reconcile_adapter_runs", 30);
    const fresh = await reconcileWorkspace(depsFor(new FakeDurableStatus()), { workspaceId: ws, ...timer });
    expect(fresh.deduped).toBe(false);
    expect(fresh.run.id).not.toBe(abandoned.id);
    expect(await runDoc(ws, abandoned.id)).toMatchObject({
      status: "completed",
      outcome: "failed",
      failureSummary: [{ code: "ops.reconcile.abandoned", reasonCode: "orchestration_missing" }],
    });
  });

  it("a reconcile run that is merely busy is not taken over", async () => {
    const ws = "ws-busy";
    const busy = await startedRun(ws, "ops.reconcile_adapter_runs", 1);
    const second = await reconcileWorkspace(depsFor(new FakeDurableStatus()), { workspaceId: ws, ...timer });
    expect(second).toMatchObject({ deduped: true, run: { id: busy.id, status: "running" } });
  });
});

describe("conditional writes and failures", () => {
  it("two passes racing over the same broken runs write and audit each repair once (412 = skipped)", async () => {
    const ws = "ws-race";
    const durable = new FakeDurableStatus();
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const run = await startedRun(ws, "backup_set.create", 40);
      durable.set(run.id, i % 2 === 0 ? "Failed" : "Terminated");
      ids.push(run.id);
    }
    const deps = depsFor(durable);
    const actor = { userId: null, name: "reconcile timer", kind: "system" as const };
    const [a, b] = await Promise.all([
      reconcilePass(deps, { workspaceId: ws, reconcileRunId: "pass-a", actor }),
      reconcilePass(deps, { workspaceId: ws, reconcileRunId: "pass-b", actor }),
    ]);
    expect(a.counts.reconciled + b.counts.reconciled).toBe(10);
    expect(a.counts.locks_released + b.counts.locks_released).toBe(10);
    expect(a.counts.failed + b.counts.failed).toBe(0);
    expect(await auditsOf(ws)).toHaveLength(20);
    for (const id of ids) expect((await runDoc(ws, id))?.status).toBe("completed");
    expect(await docsOf(runs, ws, "lock")).toHaveLength(0);
  });

  it("a repair that throws is counted as failed with a stable code; the others still happen", async () => {
    const ws = "ws-faulty";
    const durable = new FakeDurableStatus();
    const unreachable = await startedRun(ws, "backup_set.create", 40);
    durable.broken.add(unreachable.id);
    const failed = await startedRun(ws, "backup_set.create", 40);
    durable.set(failed.id, "Failed");
    const result = await reconcileWorkspace(depsFor(durable), { workspaceId: ws, ...timer });
    expect(result.counts).toEqual({ checked: 2, reconciled: 1, locks_released: 1, stale: 0, failed: 1 });
    expect(result.run).toMatchObject({
      outcome: "partially_succeeded",
      failureSummary: [{ code: "ops.reconcile.check", reasonCode: "unknown", itemId: unreachable.id }],
    });
    expect((await runDoc(ws, unreachable.id))?.status).toBe("running");
  });
});
