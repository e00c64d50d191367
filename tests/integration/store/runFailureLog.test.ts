// The run failure log against the local Cosmos server: every failure kept (not only the run's preview),
// recorded once however often a retried activity records it, sanitized, paged in sort-key order, counted
// per reason code on the run when the ledger completes it, and scoped to its workspace partition.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { FailureEntry } from "../../../shared/domain/operationRun.js";
import { CosmosRunFailureLog } from "../../../shared/store/CosmosRunFailureLog.js";
import { CosmosRunLedger } from "../../../shared/store/CosmosRunLedger.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
let log: CosmosRunFailureLog;
let ledger: CosmosRunLedger;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  log = new CosmosRunFailureLog(cosmos.containers.failures);
  ledger = new CosmosRunLedger({ container: cosmos.containers.runs, failureLog: log });
});
afterAll(async () => {
  await cosmos.close();
});

const item = (i: number, reasonCode: FailureEntry["reasonCode"] = "graph_not_found"): FailureEntry => ({
  code: "assignments.fetch.item",
  reasonCode,
  message: `policy ${String(i)} was not found`,
  itemId: `bi_${String(i).padStart(5, "0")}`,
});

async function runningRun(workspaceId: string, backupSetId: string) {
  const { run } = await ledger.start({
    workspaceId,
    tenantId: "tenant-1",
    type: "backup_set.create",
    initiator: { userId: "user-1", name: "Oscar Operator" },
    identityInputs: { backupSetId },
    context: { backupSetId },
  });
  return ledger.markRunning(workspaceId, run.id);
}

describe("CosmosRunFailureLog", () => {
  it("keeps 2,000 failures of a run; the run keeps 100 and counts all 2,000 by reason code", async () => {
    const run = await runningRun("ws-log", "bs-2000");
    const failures = Array.from({ length: 2_000 }, (_, i) =>
      item(i, i % 4 === 0 ? "graph_forbidden" : "graph_not_found"),
    );
    // Two deliveries of overlapping batches, as retried activities do.
    await log.record("ws-log", run.id, failures.slice(0, 1_200));
    await log.record("ws-log", run.id, failures.slice(800));
    const done = await ledger.complete("ws-log", run.id, {
      outcome: "partially_succeeded",
      summaryCounts: { total: 10_000, processed: 10_000, succeeded: 8_000, failed: 2_000 },
      failures: failures.slice(0, 200),
    });
    expect(done.failureSummary).toHaveLength(100);
    expect(done.failureCounts).toEqual({ graph_forbidden: 500, graph_not_found: 1_500 });
    expect(done.failedItemCount).toBe(2_000);
    expect(await log.tally("ws-log", run.id)).toEqual({
      byReason: done.failureCounts,
      failedItems: 2_000,
    });

    const ids = await log.failedItemIds("ws-log", run.id, 5_000);
    expect(ids).toHaveLength(2_000);
    expect(await log.failedItemIds("ws-log", run.id, 10)).toEqual(ids.slice(0, 10));

    const first = await log.page("ws-log", run.id, {
      reasonCode: "graph_forbidden",
      limit: 200,
      continuation: null,
    });
    expect(first.items).toHaveLength(200);
    expect(first.items.every((f) => f.reasonCode === "graph_forbidden")).toBe(true);
    expect(first.continuation).not.toBeNull();
    let total = first.items.length;
    for (let c = first.continuation; c !== null;) {
      const next = await log.page("ws-log", run.id, {
        reasonCode: "graph_forbidden",
        limit: 200,
        continuation: c,
      });
      total += next.items.length;
      c = next.continuation;
    }
    expect(total).toBe(500);
  });

  it("sanitizes what it stores and keeps one entry per step, reason and item", async () => {
    const run = await runningRun("ws-log", "bs-secret");
    const secret = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    await log.record("ws-log", run.id, [
      { ...item(1), message: `upstream said ${secret}` },
      { ...item(1), message: "same failure, seen again" },
      { code: "backup", reasonCode: "orchestration_failed", message: "an activity failed after retries" },
    ]);
    const page = await log.page("ws-log", run.id, { limit: 50, continuation: null });
    expect(page.items).toHaveLength(2);
    expect(JSON.stringify(page.items)).not.toContain("eyJ");
    expect(page.items.map((f) => f.reasonCode)).toEqual(["graph_not_found", "orchestration_failed"]);
  });

  it("never answers another workspace's failures for the same run id", async () => {
    const run = await runningRun("ws-log-a", "bs-scope");
    await log.record("ws-log-a", run.id, [item(7)]);
    expect((await log.page("ws-log-b", run.id, { limit: 50, continuation: null })).items).toEqual([]);
    expect(await log.tally("ws-log-b", run.id)).toEqual({ byReason: {}, failedItems: 0 });
  });
});
