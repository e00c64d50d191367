// An `assignments.restore` run has no orchestration of its own: its `restore.execute` parent's orchestration
// works it (context.parentRunId). Against the local Cosmos server, with Durable's status stood in for: the
// reconciler judges such a run by its parent's orchestration — it leaves it alone while the parent works
// (however long), and completes it in the same pass as its parent when the parent's orchestration is gone.
// Before, it looked for an instance named after the child: none ever exists, so a queued child of a crashed
// execution stayed queued through every pass of the grace period, and a long restore's child was failed as
// `orchestration_missing` while its parent was still writing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { OperationRun } from "../../shared/domain/operationRun.js";
import { reconcileWorkspace, type ReconcileDeps } from "../../shared/reconcile/reconcileWorkspace.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair } from "../../shared/store/CosmosRunRepair.js";
import { FakeDurableStatus, minutesBefore, SettableClock } from "../reconcile/support.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";

const options = { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 };
const now = new Date();
const present = new SettableClock(now);
let cosmos: TestCosmos;

beforeAll(async () => {
  cosmos = await startTestCosmos();
}, 120_000);
afterAll(async () => {
  await cosmos.close();
});

/** A restore execution started `minutesAgo`: its run running, its assignments.restore child as given. */
async function execution(
  workspaceId: string,
  minutesAgo: number,
  childRunning: boolean,
): Promise<{ parent: OperationRun; child: OperationRun }> {
  const ledger = new CosmosRunLedger({
    container: cosmos.containers.runs,
    clock: new SettableClock(minutesBefore(now, minutesAgo)),
  });
  const initiator = { userId: "user-operator", name: "Oscar Operator" };
  const restoreRunId = `rr-${workspaceId}`;
  const { run: parent } = await ledger.start({
    workspaceId,
    tenantId: "tenant-b",
    type: "restore.execute",
    initiator,
    identityInputs: { restoreRunId },
    context: { restoreRunId },
  });
  await ledger.markRunning(workspaceId, parent.id);
  const { run: child } = await ledger.start({
    workspaceId,
    tenantId: "tenant-b",
    type: "assignments.restore",
    initiator,
    identityInputs: { restoreRunId },
    context: { restoreRunId, parentRunId: parent.id },
  });
  if (childRunning) await ledger.markRunning(workspaceId, child.id);
  return { parent, child };
}

function deps(durable: FakeDurableStatus): ReconcileDeps {
  return {
    ledger: new CosmosRunLedger({ container: cosmos.containers.runs, clock: present }),
    repair: new CosmosRunRepair(cosmos.containers.runs),
    orchestration: durable,
    audit: new CosmosAuditLog(cosmos.containers.audits),
    clock: present,
    options,
  };
}

const pass = (durable: FakeDurableStatus, workspaceId: string) =>
  reconcileWorkspace(deps(durable), {
    workspaceId,
    initiator: { userId: null, name: "Reconcile timer" },
    actorKind: "system",
  });

async function runOf(workspaceId: string, id: string): Promise<OperationRun | undefined> {
  const { resource } = await cosmos.containers.runs.item(id, workspaceId).read<OperationRun>();
  return resource;
}

describe("reconcile of a run worked by its parent's orchestration", () => {
  it("leaves a long restore's child alone while its parent's orchestration runs", async () => {
    const ws = "ws-child-alive";
    const { parent, child } = await execution(ws, 12, true);
    const durable = new FakeDurableStatus();
    durable.set(parent.id, "Running");
    const result = await pass(durable, ws);
    expect(result.counts).toMatchObject({ checked: 2, reconciled: 0, failed: 0 });
    expect((await runOf(ws, child.id))?.status).toBe("running");
    expect((await runOf(ws, parent.id))?.status).toBe("running");
  });

  it("completes a queued child in the same pass as its parent whose orchestration failed", async () => {
    const ws = "ws-child-orphaned";
    const { parent, child } = await execution(ws, 1, false);
    const durable = new FakeDurableStatus();
    durable.set(parent.id, "Failed");
    const result = await pass(durable, ws);
    expect(result.counts).toMatchObject({ checked: 2, reconciled: 2, failed: 0 });
    for (const id of [parent.id, child.id]) {
      const run = await runOf(ws, id);
      expect(run).toMatchObject({ status: "completed", outcome: "failed" });
      expect(run?.failureSummary.map((f) => f.reasonCode)).toContain("orchestration_failed");
    }
    const again = await pass(durable, ws);
    expect(again.counts).toMatchObject({ checked: 0, reconciled: 0, failed: 0 });
  });

  it("completes a child with its parent's recorded outcome when the parent completed without recording it", async () => {
    const ws = "ws-child-finished";
    const { parent, child } = await execution(ws, 2, true);
    const durable = new FakeDurableStatus();
    durable.set(parent.id, "Completed", {
      outcome: "succeeded",
      skipped: null,
      assignmentsRunId: child.id,
      summaryCounts: { total: 3, processed: 3, succeeded: 3, updated: 2, unchanged: 1, written: 2 },
    });
    const result = await pass(durable, ws);
    expect(result.counts).toMatchObject({ checked: 2, reconciled: 2, failed: 0 });
    expect(await runOf(ws, child.id)).toMatchObject({
      status: "completed",
      outcome: "succeeded",
      summaryCounts: { total: 3, processed: 3, succeeded: 3, updated: 2, unchanged: 1 },
    });
  });
});
