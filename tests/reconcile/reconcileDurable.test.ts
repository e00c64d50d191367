// The reconciler against real Durable orchestrations: the local Functions host runs the fixture app on
// Azurite, and the reconciler reads instance status over the host's Durable management API (the same
// statuses durableStatusReader gets from the durable client). Runs live in the local Cosmos server.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { OperationRun } from "../../shared/domain/operationRun.js";
import { reconcileWorkspace, type ReconcileDeps } from "../../shared/reconcile/reconcileWorkspace.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair } from "../../shared/store/CosmosRunRepair.js";
import { DurableApi } from "../host/durableClient.js";
import { startTestAzurite, type TestAzurite } from "../support/azurite.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";
import { ensureBuilt, startTestHost, type TestHost } from "../support/host.js";
import { docsOf, managementStatusReader, minutesBefore, SettableClock } from "./support.js";

let azurite: TestAzurite;
let host: TestHost;
let durable: DurableApi;
let cosmos: TestCosmos;

beforeAll(async () => {
  ensureBuilt();
  [azurite, cosmos] = await Promise.all([startTestAzurite(), startTestCosmos()]);
  host = await startTestHost({
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      FIXTURE_HUB: `Rec${randomUUID().slice(0, 8)}`,
      TICK_SCHEDULE: "0 0 0 1 1 *",
    },
  });
  durable = new DurableApi(host.url);
}, 180_000);
afterAll(async () => {
  await host.stop();
  await Promise.all([azurite.stop(), cosmos.close()]);
});

describe("reconcile with real Durable orchestrations", () => {
  it("completes runs whose orchestration completed, failed or was terminated; a second pass repairs nothing", async () => {
    const ws = "ws-durable";
    const now = new Date();
    const past = new SettableClock(minutesBefore(now, 20));
    const present = new SettableClock(now);
    const runs = cosmos.containers.runs;
    const pastLedger = new CosmosRunLedger({ container: runs, clock: past });
    const started = async (orchestrator: string, input?: unknown): Promise<OperationRun> => {
      const { run } = await pastLedger.start({
        workspaceId: ws,
        tenantId: "tenant-1",
        type: "backup_set.create",
        initiator: { userId: "user-1", name: "Oscar Operator" },
        identityInputs: { backupSetId: randomUUID() },
      });
      await durable.start(orchestrator, input, run.id);
      return pastLedger.markRunning(ws, run.id);
    };
    const completed = await started("helloSequence");
    const failed = await started("failing");
    const terminated = await started("waitEvent");
    const alive = await started("waitEvent");
    await durable.waitFor(completed.id, ["Completed"]);
    await durable.waitFor(failed.id, ["Failed"]);
    await durable.waitFor(terminated.id, ["Running"]);
    expect(await durable.post(`instances/${terminated.id}/terminate?reason=test`)).toBe(202);
    await durable.waitFor(terminated.id, ["Terminated"]);
    await durable.waitFor(alive.id, ["Running"]);

    const deps: ReconcileDeps = {
      ledger: new CosmosRunLedger({ container: runs, clock: present }),
      repair: new CosmosRunRepair(runs),
      orchestration: managementStatusReader(durable),
      audit: new CosmosAuditLog(cosmos.containers.audits),
      clock: present,
      options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
    };
    const timer = { initiator: { userId: null, name: "Reconcile timer" }, actorKind: "system" as const };
    const first = await reconcileWorkspace(deps, { workspaceId: ws, ...timer });
    expect(first.counts).toEqual({ checked: 4, reconciled: 3, locks_released: 3, stale: 0, failed: 0 });
    const outcome = async (id: string) => (await deps.ledger.get(ws, id))?.outcome;
    expect(await outcome(completed.id)).toBe("succeeded");
    expect(await outcome(failed.id)).toBe("failed");
    expect(await outcome(terminated.id)).toBe("cancelled");
    expect(await outcome(alive.id)).toBe("pending");

    const second = await reconcileWorkspace(deps, { workspaceId: ws, ...timer });
    expect(second.counts).toEqual({ checked: 1, reconciled: 0, locks_released: 0, stale: 0, failed: 0 });
    expect(await docsOf(cosmos.containers.audits, ws, "audit")).toHaveLength(6);
    expect(await durable.post(`instances/${alive.id}/terminate?reason=cleanup`)).toBe(202);
  });
});
