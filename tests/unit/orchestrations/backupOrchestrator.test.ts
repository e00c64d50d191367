import { describe, expect, it } from "vitest";

import { sameAssignmentSet } from "../../../shared/assignments/canonicalAssignment.js";
import { orchestrationNames } from "../../../orchestrations/contracts.js";
import { inRange, shardRange } from "../../../shared/backup/itemShards.js";
import { PolicyGraphError } from "../../../shared/ports/policyGraph.js";
import { FakeGraph, FakeLedger, testDeps } from "./fakes.js";
import { registry } from "./registry.js";
import { ReplayHarness } from "./replayHarness.js";
import { tenantA } from "./tenants.js";

const initiator = { userId: "u1", name: "Operator" };

function setup(n = 30, ledger = new FakeLedger()) {
  const t = testDeps(new FakeGraph({ ta: tenantA(n) }), ledger);
  t.ledger.seed(
    {
      workspaceId: "ws",
      tenantId: "ta",
      type: "backup_set.create",
      initiator,
      identityInputs: { backupSetId: "bs1" },
      context: { backupSetId: "bs1" },
    },
    "run-backup",
  );
  const input = { workspaceId: "ws", runId: "run-backup" };
  return { ...t, input };
}

function truthAssignments(graph: FakeGraph): number {
  return Object.values(graph.tenants.ta!.policies)
    .flat()
    .reduce((sum, p) => sum + p.assignments.length, 0);
}

function fetchRun(ledger: FakeLedger) {
  return [...ledger.runs.values()].find((r) => r.type === "assignments.fetch");
}

describe("backupOrchestrator (replayed by durable-functions)", () => {
  it("backs up every policy with its assignments and names, and completes both runs succeeded", async () => {
    const t = setup(30);
    const result = await new ReplayHarness(registry(t.deps)).run(
      orchestrationNames.backup,
      t.input,
      "run-backup",
    );

    expect(result.status).toBe("completed");
    expect(result.output).toMatchObject({ outcome: "succeeded", skipped: null });
    const backup = t.ledger.runs.get("run-backup")!;
    expect(backup).toMatchObject({ status: "completed", outcome: "succeeded" });
    // Assignments are counted as Graph returns them (a duplicated target included).
    const assignments = truthAssignments(t.graph);
    expect(assignments).toBe(86);
    expect(backup.summaryCounts).toEqual({
      total: 60,
      processed: 60,
      succeeded: 60,
      failed: 0,
      skipped: 0,
      assignments,
    });

    const fetch = fetchRun(t.ledger)!;
    expect(fetch).toMatchObject({
      status: "completed",
      outcome: "succeeded",
      context: { backupSetId: "bs1", parentRunId: "run-backup" },
    });
    expect(fetch.summaryCounts).toEqual({
      total: 60,
      processed: 60,
      succeeded: 60,
      failed: 0,
      skipped: 0,
      assignments,
    });

    const items = [...t.backups.items.values()];
    expect(items).toHaveLength(60);
    for (const item of items) {
      const truth = t.graph.tenants.ta!.policies[item.policyType]!.find((p) => p.id === item.policyId)!;
      expect(item.assignmentsStatus).toBe("fetched");
      expect(sameAssignmentSet(item.assignments!, truth.assignments)).toBe(true);
    }
    const withFilter = items.find((i) => i.policyId === "deviceConfigurations-2")!;
    expect(withFilter.references).toEqual({
      groups: [
        { id: "a-g1", displayName: "HR" },
        { id: "a-g2", displayName: "IT" },
      ],
      filters: [{ id: "a-f0", displayName: "Win11" }],
    });
    // One list per type; only the type that cannot $expand is fetched, 30 refs in one batch call.
    expect(t.graph.counters).toMatchObject({ list: 2, fetch: 1, fetchedRefs: 30, assign: 0 });
    expect(t.backups.sets.get("bs1")).toMatchObject({ status: "completed", assignmentsRunId: fetch.id });
    expect(backup.context.childRunIds).toEqual([fetch.id]);
  });

  it("a 403 on one type → partially_succeeded with the type and reason code; all 403 → blocked", async () => {
    const t = setup(5);
    t.graph.listFaults.set("ta/managedAppPolicies", "graph_forbidden");
    await new ReplayHarness(registry(t.deps)).run(orchestrationNames.backup, t.input, "run-backup");
    const run = t.ledger.runs.get("run-backup")!;
    expect(run.outcome).toBe("partially_succeeded");
    expect(run.failureSummary).toEqual([
      {
        code: "backup.list",
        reasonCode: "graph_forbidden",
        message: "Forbidden: missing permission",
        itemId: "managedAppPolicies",
      },
    ]);
    expect(run.summaryCounts).toMatchObject({ total: 5, succeeded: 5 });

    const all = setup(5);
    all.graph.listFaults.set("ta/managedAppPolicies", "graph_forbidden");
    all.graph.listFaults.set("ta/deviceConfigurations", "graph_forbidden");
    await new ReplayHarness(registry(all.deps)).run(orchestrationNames.backup, all.input, "run-backup");
    expect(all.ledger.runs.get("run-backup")).toMatchObject({ outcome: "blocked" });
    expect(fetchRun(all.ledger)).toBeUndefined();
  });

  it("a type whose listing fails after every retry fails that type only: the others are backed up", async () => {
    const t = setup(5);
    t.graph.listFaults.set("ta/managedAppPolicies", "graph_unavailable"); // transient, every attempt
    const harness = new ReplayHarness(registry(t.deps));
    await harness.run(orchestrationNames.backup, t.input, "run-backup");
    const listCalls = harness.calls.filter((c) => c.name === "backupListType" && c.failed);
    expect(listCalls.length).toBeGreaterThan(1); // retried before giving up
    const run = t.ledger.runs.get("run-backup")!;
    expect(run.outcome).toBe("partially_succeeded");
    expect(run.failureSummary).toEqual([
      {
        code: "backup.list",
        reasonCode: "orchestration_failed",
        message: "listing failed after every retry",
        itemId: "managedAppPolicies",
      },
    ]);
    expect(run.summaryCounts).toMatchObject({ total: 5, succeeded: 5 });
    expect(fetchRun(t.ledger)).toMatchObject({ outcome: "succeeded" });
    expect([...t.backups.items.values()].map((i) => i.policyType)).toEqual(
      Array.from({ length: 5 }, () => "deviceConfigurations"),
    );
  });

  it("records per-item assignment failures without failing the backup", async () => {
    const t = setup(8);
    t.graph.itemFaults.set("managedAppPolicies-3", "graph_not_found");
    await new ReplayHarness(registry(t.deps)).run(orchestrationNames.backup, t.input, "run-backup");
    const fetch = fetchRun(t.ledger)!;
    expect(fetch.outcome).toBe("partially_succeeded");
    expect(fetch.failureSummary).toEqual([
      expect.objectContaining({
        code: "assignments.fetch.item",
        reasonCode: "graph_not_found",
        itemId: expect.stringMatching(/^bi_/),
      }),
    ]);
    expect(t.ledger.runs.get("run-backup")).toMatchObject({
      outcome: "partially_succeeded",
      summaryCounts: { total: 16, processed: 16, succeeded: 15, failed: 1 },
    });
    const failed = [...t.backups.items.values()].find((i) => i.policyId === "managedAppPolicies-3")!;
    expect(failed).toMatchObject({ assignmentsStatus: "failed", failure: { reasonCode: "graph_not_found" } });
    // The failure log of both runs holds the item failure, recorded by the fetch activity itself.
    for (const runId of [fetch.id, "run-backup"]) {
      expect(t.failureLog.of(runId)).toEqual([
        expect.objectContaining({ reasonCode: "graph_not_found", itemId: failed.id }),
      ]);
    }
  });

  it("final attempt wins: a throttled batch is retried and counted once; items are not duplicated", async () => {
    const t = setup(250);
    t.graph.throttleNextFetches = 2;
    const harness = new ReplayHarness(registry(t.deps));
    const result = await harness.run(orchestrationNames.backup, t.input, "run-backup");
    expect(result.status).toBe("completed");
    const batchCalls = harness.calls.filter((c) => c.name === "assignmentsFetchBatch");
    expect(batchCalls.filter((c) => c.failed)).toHaveLength(2);
    expect(t.ledger.runs.get("run-backup")!.summaryCounts).toEqual({
      total: 500,
      processed: 500,
      succeeded: 500,
      failed: 0,
      skipped: 0,
      assignments: truthAssignments(t.graph),
    });
    expect(t.backups.items.size).toBe(500);
    // Live progress on the backup run: after listing, then after each window of 4 id-range shards of ~100
    // (5 shards: the first window holds exactly the items of shards 0-3).
    const live = t.ledger.progress
      .filter((p) => p.runId === "run-backup")
      .map((p) => [p.counts.total, p.counts.processed]);
    const firstWindow = [...t.backups.items.keys()].filter((id) =>
      [0, 1, 2, 3].some((index) => inRange(id, shardRange({ index, count: 5 }))),
    ).length;
    expect(firstWindow).toBeGreaterThan(300);
    expect(live).toEqual([
      [500, 0],
      [500, firstWindow],
      [500, 500],
    ]);
  });

  it("at-least-once delivery (every activity run twice) gives the same documents and counts", async () => {
    const once = setup(12);
    await new ReplayHarness(registry(once.deps)).run(orchestrationNames.backup, once.input, "run-backup");
    const twice = setup(12);
    await new ReplayHarness(registry(twice.deps), { duplicateDeliveries: true }).run(
      orchestrationNames.backup,
      twice.input,
      "run-backup",
    );
    expect([...twice.backups.items.keys()].sort()).toEqual([...once.backups.items.keys()].sort());
    expect(twice.ledger.runs.get("run-backup")!.summaryCounts).toEqual(
      once.ledger.runs.get("run-backup")!.summaryCounts,
    );
    expect([...twice.ledger.runs.values()].filter((r) => r.type === "assignments.fetch")).toHaveLength(1);
  });

  it("non-canonical: a run the lock no longer names makes zero Graph calls and logs non_canonical_skip", async () => {
    const t = setup(5);
    const run = t.ledger.runs.get("run-backup")!;
    t.ledger.locks.set(run.runIdentityHash, { runId: "someone-else", cooling: false });
    const result = await new ReplayHarness(registry(t.deps)).run(
      orchestrationNames.backup,
      t.input,
      "run-backup",
    );
    expect(result.output).toMatchObject({ skipped: "non_canonical_skip", outcome: null });
    expect(t.graph.total()).toBe(0);
    expect(t.logs.map((l) => l.event)).toEqual(["non_canonical_skip"]);
    expect(t.ledger.runs.get("run-backup")!.status).toBe("queued");
  });

  it("cooldown: a fetch of the same set within the cooldown reuses that run and fetches nothing", async () => {
    const t = setup(5);
    const earlier = t.ledger.seed(
      {
        workspaceId: "ws",
        tenantId: "ta",
        type: "assignments.fetch",
        initiator,
        identityInputs: { backupSetId: "bs1", backupItemId: "bs1/*" },
        context: { backupSetId: "bs1", parentRunId: "an-earlier-backup" },
      },
      "run-earlier-fetch",
    );
    await t.ledger.complete("ws", earlier.id, { outcome: "succeeded" });
    await new ReplayHarness(registry(t.deps)).run(orchestrationNames.backup, t.input, "run-backup");
    expect(t.graph.counters.fetch).toBe(0);
    expect(t.graph.counters.groups).toBe(0);
    expect(t.ledger.runs.get("run-backup")).toMatchObject({
      outcome: "succeeded",
      summaryCounts: { total: 10, skipped: 10 },
    });
    expect(t.backups.sets.get("bs1")!.assignmentsRunId).toBe("run-earlier-fetch");
  });

  it("an activity failing on every attempt still completes the run as failed with orchestration_failed", async () => {
    const t = setup(3);
    const reg = registry(t.deps, (name, handler) =>
      name === "assignmentsFetchBatch"
        ? () => Promise.reject(new PolicyGraphError("graph_unavailable", "503", 503))
        : handler,
    );
    const harness = new ReplayHarness(reg);
    const result = await harness.run(orchestrationNames.backup, t.input, "run-backup");
    expect(result.status).toBe("completed");
    expect(harness.calls.filter((c) => c.name === "assignmentsFetchBatch")).toHaveLength(4);
    expect(fetchRun(t.ledger)).toMatchObject({ status: "completed", outcome: "failed" });
    expect(fetchRun(t.ledger)!.failureSummary[0]).toMatchObject({ reasonCode: "orchestration_failed" });
    expect(t.ledger.runs.get("run-backup")).toMatchObject({ status: "completed", outcome: "failed" });
  });

  it("a shard failing after every retry fails its items only: the other shards are fetched, the run is partial", async () => {
    const t = setup(150); // 300 items: 3 shards of the default 100
    const reg = registry(t.deps, (name, handler) =>
      name === "assignmentsFetchBatch"
        ? (input) =>
            (input as { shard: { index: number } }).shard.index === 0
              ? Promise.reject(new PolicyGraphError("graph_unavailable", "503", 503))
              : handler(input)
        : handler,
    );
    await new ReplayHarness(reg).run(orchestrationNames.backup, t.input, "run-backup");
    const fetch = fetchRun(t.ledger)!;
    expect(fetch.outcome).toBe("partially_succeeded");
    const items = [...t.backups.items.values()];
    const failed = items
      .filter((i) => i.assignmentsStatus === "failed")
      .map((i) => i.id)
      .sort();
    const fetched = items.filter((i) => i.assignmentsStatus === "fetched");
    expect(failed.length).toBeGreaterThan(0);
    expect(fetched.length).toBeGreaterThan(0);
    expect(failed.length + fetched.length).toBe(300);
    expect(fetch.summaryCounts).toMatchObject({ total: 300, processed: 300, failed: failed.length });
    for (const runId of [fetch.id, "run-backup"]) {
      const logged = t.failureLog.of(runId);
      expect(logged.map((f) => f.itemId).sort()).toEqual(failed);
      expect(new Set(logged.map((f) => f.reasonCode))).toEqual(new Set(["orchestration_failed"]));
    }
    expect(t.ledger.runs.get("run-backup")).toMatchObject({ outcome: "partially_succeeded" });
  });

  it("reads the selection from the run's context: only the selected type and policies are backed up", async () => {
    const t = setup(5);
    const run = t.ledger.runs.get("run-backup")!;
    t.ledger.runs.set("run-backup", {
      ...run,
      context: {
        backupSetId: "bs1",
        selection: {
          policyTypes: ["managedAppPolicies"],
          policyIds: ["managedAppPolicies-1", "managedAppPolicies-2"],
        },
      },
    });
    await new ReplayHarness(registry(t.deps)).run(orchestrationNames.backup, t.input, "run-backup");
    expect([...t.backups.items.values()].map((i) => i.policyId).sort()).toEqual([
      "managedAppPolicies-1",
      "managedAppPolicies-2",
    ]);
    expect(t.graph.counters.list).toBe(1);
    expect(t.ledger.runs.get("run-backup")).toMatchObject({
      outcome: "succeeded",
      summaryCounts: { total: 2 },
    });
  });
});
