// The ledger against the local Cosmos server over its real REST protocol: dedupe under concurrency, the
// lifecycle, cooldown, crash repair, listing, and that invalid input writes nothing.
import type { Container } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { IllegalTransitionError, ValidationError } from "../../../shared/domain/errors.js";
import { computeRunIdentityHash } from "../../../shared/domain/runIdentity.js";
import { newQueuedRun } from "../../../shared/domain/runLifecycle.js";
import type { Clock } from "../../../shared/ports/clock.js";
import type { StartRunInput } from "../../../shared/ports/runLedger.js";
import { CosmosRunLedger } from "../../../shared/store/CosmosRunLedger.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
let runs: Container;
const clock = { at: new Date("2026-03-01T10:00:00.000Z") };
const testClock: Clock = { now: () => new Date(clock.at) };
let ledger: CosmosRunLedger;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  runs = cosmos.containers.runs;
  ledger = new CosmosRunLedger({ container: runs, clock: testClock, cooldownMinutes: 15 });
});
afterAll(async () => {
  await cosmos.close();
});

let seq = 0;
function fetchInput(workspaceId: string, item = `item-${String((seq += 1))}`): StartRunInput {
  return {
    workspaceId,
    tenantId: "tenant-1",
    type: "assignments.fetch",
    initiator: { userId: "user-1", name: "Oscar Operator" },
    identityInputs: { backupItemId: item },
    context: { backupItemId: item },
  };
}

async function docs(workspaceId: string, docType: "run" | "lock"): Promise<Record<string, unknown>[]> {
  const { resources } = await runs.items
    .query<Record<string, unknown>>(
      {
        query: "SELECT * FROM c WHERE c.workspaceId = @w AND c.docType = @t",
        parameters: [
          { name: "@w", value: workspaceId },
          { name: "@t", value: docType },
        ],
      },
      { partitionKey: workspaceId },
    )
    .fetchAll();
  return resources;
}

describe("CosmosRunLedger dedupe", () => {
  it("200 concurrent starts of one identity: exactly one run, 199 deduped answers carrying its id", async () => {
    const input = fetchInput("ws-c1", "item-hot");
    const results = await Promise.all(Array.from({ length: 200 }, () => ledger.start(input)));
    const created = results.filter((r) => !r.deduped);
    expect(created).toHaveLength(1);
    const runId = created[0]!.run.id;
    const deduped = results.filter((r) => r.deduped);
    expect(deduped).toHaveLength(199);
    expect(deduped.every((r) => r.run.id === runId && r.reason === "active")).toBe(true);
    expect(await docs("ws-c1", "run")).toHaveLength(1);
    const locks = await docs("ws-c1", "lock");
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ id: computeRunIdentityHash(input), runId, state: "active" });
  });

  it("the same identity in two workspaces does not collide (2 × 200 concurrent starts → 2 runs)", async () => {
    const a = fetchInput("ws-c2a", "item-same");
    const b = fetchInput("ws-c2b", "item-same");
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => ledger.start(i % 2 === 0 ? a : b).then((r) => ({ i, r }))),
    );
    for (const [ws, parity] of [
      ["ws-c2a", 0],
      ["ws-c2b", 1],
    ] as const) {
      const mine = results.filter(({ i }) => i % 2 === parity).map(({ r }) => r);
      expect(mine.filter((r) => !r.deduped)).toHaveLength(1);
      expect(new Set(mine.map((r) => r.run.id)).size).toBe(1);
      expect(mine.every((r) => r.run.workspaceId === ws)).toBe(true);
      expect(await docs(ws, "run")).toHaveLength(1);
    }
    const ids = new Set(results.map(({ r }) => r.run.id));
    expect(ids.size).toBe(2);
  });

  it("different identities in one workspace each get their own run", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ledger.start(fetchInput("ws-c3", `item-${String(i % 10)}`))),
    );
    expect(results.filter((r) => !r.deduped)).toHaveLength(10);
    expect(await docs("ws-c3", "run")).toHaveLength(10);
  });
});

describe("CosmosRunLedger lifecycle", () => {
  it("queued → running → completed; progress replaces counts; final counts win; the lock is released", async () => {
    const ws = "ws-l1";
    const input = {
      ...fetchInput(ws),
      type: "restore.execute" as const,
      identityInputs: { restoreRunId: "rr-1" },
    };
    const { run } = await ledger.start(input);
    expect(run).toMatchObject({ status: "queued", outcome: "pending", summaryCounts: {} });
    expect(await ledger.isCanonical(ws, run.id)).toBe(true);

    expect((await ledger.markRunning(ws, run.id)).status).toBe("running");
    expect((await ledger.markRunning(ws, run.id)).status).toBe("running"); // replay is harmless
    await ledger.reportProgress(ws, run.id, { total: 10, processed: 4, bogus: 3 });
    await ledger.reportProgress(ws, run.id, { total: 10, processed: 6 });
    expect((await ledger.get(ws, run.id))?.summaryCounts).toEqual({ processed: 6, total: 10 });

    const done = await ledger.complete(ws, run.id, {
      outcome: "partially_succeeded",
      summaryCounts: { total: 10, succeeded: 9, failed: 1 },
      failures: [
        {
          code: "restore.item",
          reasonCode: "graph_forbidden",
          message: "403 for ops@contoso.com",
          itemId: "p-1",
        },
      ],
    });
    expect(done).toMatchObject({ status: "completed", outcome: "partially_succeeded" });
    expect(done.summaryCounts).toEqual({ failed: 1, succeeded: 9, total: 10 });
    expect(done.failureSummary[0]?.message).toBe("403 for [email]");
    expect(await ledger.get(ws, run.id)).toEqual(done);
    expect(await ledger.isCanonical(ws, run.id)).toBe(false);
    expect(await docs(ws, "lock")).toHaveLength(0); // no cooldown for restore.execute

    const again = await ledger.start(input);
    expect(again.deduped).toBe(false);
    expect(again.run.id).not.toBe(run.id);
  });

  it("rejects illegal transitions and leaves the stored run unchanged", async () => {
    const ws = "ws-l2";
    const { run } = await ledger.start(fetchInput(ws));
    await expect(ledger.complete(ws, run.id, { outcome: "succeeded" })).rejects.toThrowError(
      IllegalTransitionError,
    );
    await ledger.markRunning(ws, run.id);
    const done = await ledger.complete(ws, run.id, { outcome: "failed" });
    await expect(ledger.markRunning(ws, run.id)).rejects.toThrowError(
      /^status: illegal transition completed/,
    );
    await expect(ledger.complete(ws, run.id, { outcome: "succeeded" })).rejects.toThrowError(/^outcome:/);
    await expect(ledger.reportProgress(ws, run.id, { total: 1 })).rejects.toThrowError(
      IllegalTransitionError,
    );
    expect(await ledger.get(ws, run.id)).toEqual(done);
    // A retried completion with the same outcome answers the stored run.
    expect(await ledger.complete(ws, run.id, { outcome: "failed" })).toEqual(done);
  });

  it("rejects invalid input naming the field, and writes nothing", async () => {
    const ws = "ws-l3";
    await expect(ledger.start({ ...fetchInput(ws), tenantId: null })).rejects.toThrowError(/^tenantId:/);
    await expect(ledger.start({ ...fetchInput(ws), identityInputs: {} })).rejects.toThrowError(
      /^identityInputs\.backupItemId:/,
    );
    await expect(ledger.start({ ...fetchInput(ws), type: "nope" as never })).rejects.toThrowError(/^type:/);
    await expect(
      ledger.start({ ...fetchInput(ws), initiator: { userId: null, name: " " } }),
    ).rejects.toThrowError(ValidationError);
    expect(await docs(ws, "run")).toHaveLength(0);
    expect(await docs(ws, "lock")).toHaveLength(0);
    const { run } = await ledger.start(fetchInput(ws));
    await expect(ledger.reportProgress(ws, run.id, { total: -1 })).rejects.toThrowError(
      /^summaryCounts\.total:/,
    );
    await expect(ledger.markRunning(ws, "missing")).rejects.toThrowError(/not found/);
  });
});

describe("CosmosRunLedger cooldown and repair", () => {
  it("an assignment job's lock cools after completion, dedupes with reason cooldown, then is taken over", async () => {
    const ws = "ws-r1";
    const input = fetchInput(ws, "item-cool");
    const { run } = await ledger.start(input);
    await ledger.markRunning(ws, run.id);
    await ledger.complete(ws, run.id, { outcome: "succeeded", summaryCounts: { total: 1, succeeded: 1 } });
    const [lock] = await docs(ws, "lock");
    expect(lock).toMatchObject({
      state: "cooling",
      runId: run.id,
      cooldownUntil: "2026-03-01T10:15:00.000Z",
    });

    clock.at = new Date("2026-03-01T10:14:59.000Z");
    const cooled = await ledger.start(input);
    expect(cooled).toMatchObject({ deduped: true, reason: "cooldown" });
    expect(cooled.run).toMatchObject({ id: run.id, status: "completed" });

    clock.at = new Date("2026-03-01T10:15:01.000Z");
    const racers = await Promise.all(Array.from({ length: 50 }, () => ledger.start(input)));
    const fresh = racers.filter((r) => !r.deduped);
    expect(fresh).toHaveLength(1); // If-Match lets exactly one take the cooled lock over
    expect(new Set(racers.map((r) => r.run.id))).toEqual(new Set([fresh[0]!.run.id]));
    expect(fresh[0]!.run.id).not.toBe(run.id);
    expect(await docs(ws, "run")).toHaveLength(2);
    clock.at = new Date("2026-03-01T10:00:00.000Z");
  });

  it("a crash between lock and run write is repaired by the next start: one run, the lock's", async () => {
    const ws = "ws-r2";
    const input = fetchInput(ws, "item-crash");
    const hash = computeRunIdentityHash(input);
    const orphanRun = newQueuedRun({
      id: "run-orphan",
      workspaceId: ws,
      tenantId: "tenant-1",
      type: "assignments.fetch",
      userId: "user-1",
      initiatorName: "Crashed Host",
      runIdentityHash: hash,
      context: {},
      now: testClock.now(),
    });
    // What a host leaves behind when it dies right after winning the lock.
    await runs.items.create({
      id: hash,
      docType: "lock",
      workspaceId: ws,
      tenantId: "tenant-1",
      type: "assignments.fetch",
      runId: orphanRun.id,
      state: "active",
      cooldownUntil: null,
      queuedRun: orphanRun,
      createdAt: orphanRun.createdAt,
      updatedAt: orphanRun.createdAt,
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.start(input)));
    expect(results.every((r) => r.deduped && r.run.id === "run-orphan")).toBe(true);
    const stored = await docs(ws, "run");
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: "run-orphan", status: "queued", initiatorName: "Crashed Host" });
  });

  it("repairLocks re-creates missing runs and releases locks of completed runs", async () => {
    const ws = "ws-r3";
    const a = await ledger.start({
      ...fetchInput(ws),
      type: "restore.execute",
      identityInputs: { restoreRunId: "x" },
    });
    // Simulate a crash after the run's final write but before the lock release.
    const { resource } = await runs.item(a.run.id, ws).read<Record<string, unknown>>();
    await runs.item(a.run.id, ws).replace({
      ...resource,
      status: "completed",
      outcome: "failed",
      completedAt: a.run.createdAt,
      startedAt: a.run.createdAt,
    });
    expect(await docs(ws, "lock")).toHaveLength(1);
    // And a lock whose run was never written.
    const b = await ledger.start(fetchInput(ws, "item-b"));
    await runs.item(b.run.id, ws).delete();

    const report = await ledger.repairLocks(ws);
    expect(report).toEqual({ runsRecreated: [b.run.id], locksReleased: [a.run.runIdentityHash] });
    expect((await ledger.get(ws, b.run.id))?.status).toBe("queued");
    expect(await docs(ws, "lock")).toHaveLength(1);
    expect(await ledger.repairLocks(ws)).toEqual({ runsRecreated: [], locksReleased: [] });
  });

  it("a completed run whose lock was not released yet is taken over (not deduped) when it has no cooldown", async () => {
    const ws = "ws-r4";
    const input = {
      ...fetchInput(ws),
      type: "restore.execute" as const,
      identityInputs: { restoreRunId: "y" },
    };
    const first = await ledger.start(input);
    const { resource } = await runs.item(first.run.id, ws).read<Record<string, unknown>>();
    await runs.item(first.run.id, ws).replace({
      ...resource,
      status: "completed",
      outcome: "cancelled",
      completedAt: first.run.createdAt,
    });
    const second = await ledger.start(input);
    expect(second.deduped).toBe(false);
    expect(await ledger.isCanonical(ws, second.run.id)).toBe(true);
    // The slow completer of the first run must not release the new holder's lock.
    await ledger.complete(ws, first.run.id, { outcome: "cancelled" });
    expect(await ledger.isCanonical(ws, second.run.id)).toBe(true);
  });
});

describe("CosmosRunLedger list", () => {
  it("lists newest first with filters and opaque continuation tokens", async () => {
    const ws = "ws-list";
    for (let i = 0; i < 7; i += 1) {
      clock.at = new Date(Date.UTC(2026, 2, 1, 11, i));
      const input =
        i % 2 === 0
          ? fetchInput(ws, `li-${String(i)}`)
          : {
              ...fetchInput(ws),
              tenantId: "tenant-2",
              type: "restore.execute" as const,
              identityInputs: { restoreRunId: `r-${String(i)}` },
            };
      await ledger.start(input);
    }
    clock.at = new Date("2026-03-01T10:00:00.000Z");
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const page = await ledger.list(ws, {}, 3, continuation);
      seen.push(...page.items.map((r) => r.createdAt));
      continuation = page.continuation;
      pages += 1;
      if (continuation !== null) expect(() => JSON.parse(continuation!)).toThrow(); // opaque, not raw SDK JSON
    } while (continuation !== null && pages < 10);
    expect(seen).toHaveLength(7);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(pages).toBe(3);

    const restores = await ledger.list(ws, { type: "restore.execute" }, 50, null);
    expect(restores.items.map((r) => r.tenantId)).toEqual(["tenant-2", "tenant-2", "tenant-2"]);
    expect((await ledger.list(ws, { tenantId: "tenant-1" }, 50, null)).items).toHaveLength(4);
    expect((await ledger.list(ws, { since: "2026-03-01T11:05:00.000Z" }, 50, null)).items).toHaveLength(2);
    await expect(ledger.list(ws, {}, 3, "garbage")).rejects.toThrowError(/^continuation:/);
    await expect(ledger.list(ws, {}, 0, null)).rejects.toThrowError(/^limit:/);
  });
});
