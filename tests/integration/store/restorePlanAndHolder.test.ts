// The restore execution's stored plan (one document per batch beside the RestoreRun) and the ledger's
// read-only `holder` answer, against the local Cosmos server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Clock } from "../../../shared/ports/clock.js";
import type { RestoreWorkItem } from "../../../shared/restore/restoreWorkItem.js";
import { CosmosRestoreStore } from "../../../shared/store/CosmosRestoreStore.js";
import { CosmosRunLedger } from "../../../shared/store/CosmosRunLedger.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
beforeAll(async () => {
  cosmos = await startTestCosmos();
}, 60_000);
afterAll(async () => {
  await cosmos.close();
});

const work = (i: number): RestoreWorkItem => ({
  backupItemId: `bi_${String(i)}`,
  policyType: "deviceConfigurations",
  policyId: `p${String(i)}`,
  targetPolicyId: i % 5 === 0 ? null : `t${String(i)}`,
  unavailable: i % 5 === 0 ? { reasonCode: "graph_not_found", message: "no counterpart" } : null,
});

describe("CosmosRestoreStore plan", () => {
  it("stores batches by index and answers each one; a rewrite replaces them; unknown → null", async () => {
    const store = new CosmosRestoreStore(cosmos.containers.restores);
    const batches = [0, 1, 2].map((b) => Array.from({ length: 20 }, (_, i) => work(b * 20 + i)));
    await store.savePlan("ws", "rr1", "plan-a", batches);
    for (const [index, batch] of batches.entries()) {
      expect(await store.planBatch("ws", "rr1", "plan-a", index)).toEqual(batch);
    }
    await store.savePlan("ws", "rr1", "plan-a", [[work(99)]]);
    expect(await store.planBatch("ws", "rr1", "plan-a", 0)).toEqual([work(99)]);
    expect(await store.planBatch("ws", "rr1", "plan-a", 3)).toBeNull();
    expect(await store.planBatch("ws", "rr1", "plan-b", 0)).toBeNull();
    expect(await store.planBatch("ws-other", "rr1", "plan-a", 0)).toBeNull();
  });
});

describe("CosmosRunLedger.holder", () => {
  it("null while free; the active run; the cooling run within the cooldown; null after it; creates nothing", async () => {
    const at = { now: new Date("2026-03-01T10:00:00.000Z") };
    const clock: Clock = { now: () => new Date(at.now) };
    const ledger = new CosmosRunLedger({ container: cosmos.containers.runs, clock, cooldownMinutes: 15 });
    const identity = {
      workspaceId: "ws-h",
      tenantId: "t1",
      type: "assignments.restore" as const,
      identityInputs: { restoreRunId: "rr-h" },
    };
    expect(await ledger.holder(identity)).toBeNull();
    expect(await ledger.holder(identity)).toBeNull();
    const started = await ledger.start({ ...identity, initiator: { userId: "u", name: "U" } });
    expect(started.deduped).toBe(false);
    expect(await ledger.holder(identity)).toMatchObject({
      deduped: true,
      reason: "active",
      run: { id: started.run.id },
    });
    await ledger.markRunning("ws-h", started.run.id);
    await ledger.complete("ws-h", started.run.id, { outcome: "succeeded" });
    at.now = new Date("2026-03-01T10:14:00.000Z");
    expect(await ledger.holder(identity)).toMatchObject({
      deduped: true,
      reason: "cooldown",
      run: { id: started.run.id },
    });
    at.now = new Date("2026-03-01T10:16:00.000Z");
    expect(await ledger.holder(identity)).toBeNull();
    const again = await ledger.start({ ...identity, initiator: { userId: "u", name: "U" } });
    expect(again.deduped).toBe(false);
  });
});
