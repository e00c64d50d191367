// Broken states made for real on the whole local stack (built app on the local host, Azurite, local Cosmos,
// Graph simulator), then one reconcile pass over them with the host's real Durable statuses:
// - the host SIGKILLed right after the ledger write, before its orchestration start reached storage;
// - the host SIGKILLed mid-backup (not broken once a host is back: the run finishes by itself);
// - an orchestration terminated behind the ledger's back;
// - a run document deleted while its run was active;
// - a lock whose run was never written (a crash between the protocol's two writes).
// The pass runs 11 minutes "later" (past the 10-minute grace, inside the 15-minute assignment cooldown).
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { reconcileWorkspace, type ReconcileDeps } from "../../shared/reconcile/reconcileWorkspace.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair } from "../../shared/store/CosmosRunRepair.js";
import { type E2eStack, startE2eStack } from "../e2e/stack.js";
import { DurableApi } from "../host/durableClient.js";
import type { Json } from "../support/graphSim.js";
import { startHoldProxy, type HoldProxy } from "../support/holdProxy.js";
import { startTestHost, type TestHost } from "../support/host.js";
import { docsOf, managementStatusReader, SettableClock } from "./support.js";

const ws = demoWorkspace.id;
const api = `/api/workspaces/${ws}`;
const [contoso, fabrikam] = demoTenants;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let stack: E2eStack;
let proxy: HoldProxy;
let host: TestHost;
let policyTypes: string[] = [];

/** A host on the stack's port, its storage through the hold proxy, no scheduled backups firing meanwhile. */
const startHost = (): Promise<TestHost> =>
  startTestHost({
    appDir: process.cwd(),
    port: stack.host.port,
    leaseSeconds: 2,
    env: {
      ...stack.host.env,
      AzureWebJobsStorage: proxy.connectionString,
      BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *",
    },
  });

beforeAll(async () => {
  stack = await startE2eStack();
  proxy = await startHoldProxy(stack.azurite.ports);
  await stack.host.stop();
  host = await startHost();
  const truth = (await stack.sim.admin("GET", `tenants/${contoso.externalId}/export`)).body;
  policyTypes = [...new Set((truth.policies as Json[]).map((p) => String(p.type)))].sort();
}, 180_000);
afterAll(async () => {
  await host.stop();
  await proxy.close();
  await stack.stop();
});

const runDocs = async (): Promise<OperationRun[]> =>
  (await docsOf(stack.cosmos.containers.runs, ws, "run")) as unknown as OperationRun[];
const lockDocs = async (): Promise<Json[]> => docsOf(stack.cosmos.containers.runs, ws, "lock");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const runWhere = (pred: (run: OperationRun) => boolean) => async (): Promise<OperationRun | undefined> =>
  (await runDocs()).find(pred);

async function startBackup(tenantId: string, body: unknown): Promise<OperationRun> {
  const res = await stack.api("POST", `${api}/tenants/${tenantId}/backups`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.deduped).toBe(false);
  return res.body.run as OperationRun;
}

async function slowGraph(tenantExternalId: string, latencyMs: number): Promise<void> {
  await stack.sim.admin("DELETE", "faults");
  const res = await stack.sim.admin("POST", "faults", {
    pathPattern: "deviceManagement|deviceAppManagement",
    tenantId: tenantExternalId,
    latencyMs,
  });
  expect(res.status).toBe(201);
}

const completed = (id: string) => async (): Promise<OperationRun | undefined> => {
  const run = (await runDocs()).find((r) => r.id === id);
  return run?.status === "completed" ? run : undefined;
};

describe("reconcile after real crashes on the local stack", () => {
  it("one pass repairs every broken state, a second repairs nothing, and work can start again", async () => {
    // 1. SIGKILL after the ledger write: storage held, so the orchestration start never reaches it.
    proxy.hold();
    const pending = stack.api("POST", `${api}/tenants/${contoso.id}/backups`, {}).catch(() => null);
    const orphanRun = await until(
      "Contoso's queued run",
      runWhere((r) => r.tenantId === contoso.id && r.type === "backup_set.create"),
    );
    await until("the start to reach storage", () =>
      Promise.resolve(proxy.heldConnections() > 0 ? true : undefined),
    );
    await host.kill();
    proxy.release();
    expect(await pending).toBeNull();
    host = await startHost();
    const durable = new DurableApi(host.url);
    expect((await durable.status(orphanRun.id)).http).toBe(404);

    // 2. SIGKILL mid-backup: the next host resumes the orchestration and the run completes by itself.
    await slowGraph(fabrikam.externalId, 400);
    const midRun = await startBackup(fabrikam.id, {});
    await until(
      "Fabrikam's backup running",
      runWhere((r) => r.id === midRun.id && r.status === "running"),
    );
    await host.kill();
    host = await startHost();
    const durableAfterKill = new DurableApi(host.url);
    const resumed = await until("the resumed backup", completed(midRun.id), 120_000);
    expect(resumed.outcome).toBe("succeeded");

    // 3. An orchestration terminated behind the ledger's back (while it lists policies).
    await slowGraph(fabrikam.externalId, 3_000);
    const terminated = await startBackup(fabrikam.id, { policyTypes: policyTypes.slice(0, 1) });
    await until(
      "the backup running",
      runWhere((r) => r.id === terminated.id && r.status === "running"),
    );
    await durableAfterKill.waitFor(terminated.id, ["Running"]);
    expect(await durableAfterKill.post(`instances/${terminated.id}/terminate?reason=test`)).toBe(202);
    await durableAfterKill.waitFor(terminated.id, ["Terminated"]);

    // 4. A run document deleted while active (its orchestration stopped too).
    await slowGraph(contoso.externalId, 3_000);
    const deleted = await startBackup(contoso.id, { policyTypes: policyTypes.slice(0, 1) });
    await until(
      "the backup running",
      runWhere((r) => r.id === deleted.id && r.status === "running"),
    );
    await stack.cosmos.containers.runs.item(deleted.id, ws).delete();
    expect(await durableAfterKill.post(`instances/${deleted.id}/terminate?reason=test`)).toBe(202);
    await durableAfterKill.waitFor(deleted.id, ["Terminated"]);
    await stack.sim.admin("DELETE", "faults");

    // 5. A lock whose run was never written: the ledger's first write done, the second lost.
    const ledger = new CosmosRunLedger({ container: stack.cosmos.containers.runs });
    const { run: neverWritten } = await ledger.start({
      workspaceId: ws,
      tenantId: fabrikam.id,
      type: "backup_set.create",
      initiator: { userId: "user-operator", name: "Crash test" },
      identityInputs: { backupSetId: `request:${randomUUID()}` },
    });
    await stack.cosmos.containers.runs.item(neverWritten.id, ws).delete();

    const active = (await runDocs()).filter((r) => r.status !== "completed");
    expect(active.map((r) => r.id).sort()).toEqual([orphanRun.id, terminated.id].sort());
    const later = new SettableClock(new Date(Date.now() + 11 * 60_000));
    const deps: ReconcileDeps = {
      ledger: new CosmosRunLedger({ container: stack.cosmos.containers.runs, clock: later }),
      repair: new CosmosRunRepair(stack.cosmos.containers.runs),
      orchestration: managementStatusReader(durableAfterKill),
      audit: new CosmosAuditLog(stack.cosmos.containers.audits),
      clock: later,
      options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
    };
    const request = {
      workspaceId: ws,
      initiator: { userId: null, name: "Reconcile timer" },
      actorKind: "system" as const,
    };
    const first = await reconcileWorkspace(deps, request);
    expect(first.counts).toEqual({ checked: 2, reconciled: 2, locks_released: 4, stale: 0, failed: 0 });
    const byId = new Map((await runDocs()).map((r) => [r.id, r]));
    expect(byId.get(orphanRun.id)).toMatchObject({ status: "completed", outcome: "failed" });
    expect(byId.get(orphanRun.id)?.failureSummary.map((f) => f.reasonCode)).toContain(
      "orchestration_missing",
    );
    expect(byId.get(terminated.id)).toMatchObject({ status: "completed", outcome: "cancelled" });
    expect(byId.get(terminated.id)?.failureSummary.map((f) => f.reasonCode)).toContain(
      "orchestration_terminated",
    );
    // Only the cooling lock of the resumed backup's assignment fetch is left (its cooldown still runs).
    const locks = await lockDocs();
    expect(locks.map((l) => [l.type, l.state])).toEqual([["assignments.fetch", "cooling"]]);
    const audits = await docsOf(stack.cosmos.containers.audits, ws, "audit");
    expect(audits.filter((a) => a.action === "ops.run.reconciled")).toHaveLength(6);

    const second = await reconcileWorkspace(deps, request);
    expect(second.counts).toEqual({ checked: 0, reconciled: 0, locks_released: 0, stale: 0, failed: 0 });
    const auditsAfter = await docsOf(stack.cosmos.containers.audits, ws, "audit");
    expect(auditsAfter.filter((a) => a.action === "ops.run.reconciled")).toHaveLength(6);

    // The operator is not blocked by what the crash left: the same backup starts anew and succeeds.
    const again = await startBackup(contoso.id, {});
    expect(again.id).not.toBe(orphanRun.id);
    expect((await until("the new backup", completed(again.id), 120_000)).outcome).toBe("succeeded");
  }, 360_000);
});
