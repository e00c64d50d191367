import { describe, expect, it } from "vitest";

import { sameAssignmentSet } from "../../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import { previewRestore } from "../../../shared/restore/previewRestore.js";
import { auditEntryId } from "../../../shared/restore/restoreAudit.js";
import type { RestoreRun } from "../../../shared/restore/restoreRun.js";
import { orchestrationNames } from "../../../orchestrations/contracts.js";
import { FakeGraph, testDeps } from "./fakes.js";
import { registry } from "./registry.js";
import { type HarnessOptions, ReplayHarness } from "./replayHarness.js";
import { tenantA, tenantB } from "./tenants.js";

const initiator = { userId: "u1", name: "Operator" };
const actor = { ...initiator, kind: "user" as const };
const N = 6;

async function backedUp() {
  const t = testDeps(new FakeGraph({ ta: tenantA(N), tb: tenantB(N) }));
  t.ledger.seed(
    {
      workspaceId: "ws",
      tenantId: "ta",
      type: "backup_set.create",
      initiator,
      identityInputs: { backupSetId: "bs1" },
      context: { backupSetId: "bs1", selection: {} },
    },
    "run-backup",
  );
  const input = { workspaceId: "ws", runId: "run-backup" };
  await new ReplayHarness(registry(t.deps)).run(orchestrationNames.backup, input, "run-backup");
  return t;
}

type T = Awaited<ReturnType<typeof backedUp>>;

function draft(id: string): RestoreRun {
  return {
    id,
    docType: "restoreRun",
    workspaceId: "ws",
    backupSetId: "bs1",
    sourceTenantId: "ta",
    targetTenantId: "tb",
    selectedItemIds: null,
    groupMapping: { strategy: "displayName", map: {} },
    filterMapping: { strategy: "displayName", map: {} },
    missingTargetPolicy: "skip",
    dryRun: false,
    status: "draft",
    outcome: "pending",
    executeRunId: null,
    assignmentsRunId: null,
    results: [],
    createdBy: initiator,
    createdAt: "2026-11-25T12:00:00.000Z",
    updatedAt: "2026-11-25T12:00:00.000Z",
    completedAt: null,
  };
}

async function restore(
  t: T,
  id: string,
  overrides: Partial<RestoreRun> = {},
  options: HarnessOptions = {},
  wrap?: Parameters<typeof registry>[1],
  /** Further orchestration input (e.g. `batchSize`). */
  input: Record<string, unknown> = {},
) {
  await t.restores.create({ ...draft(id), ...overrides });
  const runId = `exec-${id}`;
  t.ledger.seed(
    {
      workspaceId: "ws",
      tenantId: "tb",
      type: "restore.execute",
      initiator,
      identityInputs: { restoreRunId: id },
      context: { restoreRunId: id },
    },
    runId,
  );
  const harness = new ReplayHarness(registry(t.deps, wrap), options);
  const result = await harness.run(
    orchestrationNames.restoreExecute,
    { workspaceId: "ws", runId, ...input },
    runId,
  );
  return { result, harness, runId, run: t.restores.runs.get(id)! };
}

const g = (groupId: string, filterId?: string): PolicyAssignment => ({
  target: {
    "@odata.type": "#microsoft.graph.groupAssignmentTarget",
    groupId,
    ...(filterId === undefined
      ? {}
      : {
          deviceAndAppManagementAssignmentFilterId: filterId,
          deviceAndAppManagementAssignmentFilterType: "include",
        }),
  },
});
const x = (groupId: string): PolicyAssignment => ({
  target: { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", groupId },
});

/** Expected tenant B assignments for policy i with groups mapped by name (Finance has no counterpart). */
function expectedB(i: number, missing: "skip" | "fail"): PolicyAssignment[] {
  switch (i % 4) {
    case 1:
      return [g("b-g0")];
    case 2:
      return [g("b-g1", "b-f0"), x("b-g2")];
    case 3:
      return missing === "skip" ? [g("b-g0")] : [];
    default:
      return [];
  }
}

function assertTenantB(t: T, missing: "skip" | "fail") {
  for (const [type, policies] of Object.entries(t.graph.tenants.tb!.policies)) {
    for (const [i, policy] of policies.entries()) {
      expect(sameAssignmentSet(policy.assignments, expectedB(i, missing)), `${type} ${i}`).toBe(true);
    }
  }
}

describe("restoreExecuteOrchestrator (replayed by durable-functions)", () => {
  it("restores to another tenant by name; skip drops the unmapped group and reports it", async () => {
    const t = await backedUp();
    const { result, run, runId } = await restore(t, "rr1");
    expect(result.output).toMatchObject({ outcome: "succeeded", skipped: null });
    assertTenantB(t, "skip");
    expect(t.graph.counters.assign).toBe(8);
    expect(run.status).toBe("completed");
    expect(run.results).toHaveLength(12);
    const partial = run.results.filter((r) => r.reasonCode === "group_unmapped");
    expect(partial).toHaveLength(2);
    expect(partial[0]).toMatchObject({
      action: "created",
      unmapped: [{ sourceId: "a-g3", sourceDisplayName: "Finance", reason: "missing_in_target" }],
    });
    const assignmentsRun = [...t.ledger.runs.values()].find((r) => r.type === "assignments.restore")!;
    expect(assignmentsRun).toMatchObject({
      status: "completed",
      outcome: "succeeded",
      context: { restoreRunId: "rr1", backupSetId: "bs1", targetTenantId: "tb", parentRunId: runId },
      summaryCounts: { total: 12, processed: 12, created: 8, unchanged: 4, failed: 0 },
    });
    expect(t.ledger.runs.get(runId)).toMatchObject({ status: "completed", outcome: "succeeded" });
    const audit = [...t.audit.entries.values()];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      id: auditEntryId("restore.assignments.executed", assignmentsRun.id),
      action: "restore.assignments.executed",
      tenantId: "tb",
      runId: assignmentsRun.id,
      outcome: "succeeded",
      actor,
      details: { counts: { created: 8, unchanged: 4 } },
    });
  });

  it("history carries plan keys, batch indexes and tallies, never item payloads or results", async () => {
    const t = await backedUp();
    const { result, run } = await restore(t, "rr1");
    expect(run.results).toHaveLength(12);
    const history = JSON.stringify(result.history);
    for (const field of ["backupItemId", "targetPolicyId", "sourcePolicyId", "groupId", "unmapped"]) {
      expect(history).not.toContain(field);
    }
    const batches = result.calls.filter((c) => c.name === "restoreItemsBatch");
    expect(batches.length).toBeGreaterThan(0);
    for (const call of batches) {
      expect(Object.keys(call.input as object).sort()).toEqual([
        "batchIndex",
        "executeRunId",
        "planKey",
        "restoreRunId",
        "runId",
        "stepKey",
        "workspaceId",
      ]);
    }
  });

  it("fail: the item with the missing group fails, the others go on → partially_succeeded", async () => {
    const t = await backedUp();
    const { run } = await restore(t, "rr1", { missingTargetPolicy: "fail" });
    assertTenantB(t, "fail");
    expect(run.outcome).toBe("partially_succeeded");
    expect(t.graph.counters.assign).toBe(6);
    const failed = run.results.filter((r) => r.action === "failed");
    expect(failed).toHaveLength(2);
    expect(failed.every((r) => r.reasonCode === "group_unmapped")).toBe(true);
    const assignmentsRun = [...t.ledger.runs.values()].find((r) => r.type === "assignments.restore")!;
    expect(assignmentsRun.failureSummary).toHaveLength(2);
    expect(assignmentsRun.failureSummary[0]).toMatchObject({
      code: "assignments.restore.item",
      reasonCode: "group_unmapped",
    });
  });

  it("re-running a restore that succeeded changes nothing: every item unchanged, zero writes", async () => {
    const t = await backedUp();
    await restore(t, "rr1");
    const writes = t.graph.counters.assign;
    const again = await restore(t, "rr2");
    expect(t.graph.counters.assign).toBe(writes);
    expect(again.run.results.every((r) => r.action === "unchanged")).toBe(true);
    expect(again.run.outcome).toBe("succeeded");
  });

  it("dry run computes the results and writes nothing", async () => {
    const t = await backedUp();
    const { run } = await restore(t, "rr1", { dryRun: true });
    expect(t.graph.counters.assign).toBe(0);
    expect(run.results.filter((r) => r.action === "created")).toHaveLength(8);
    expect(run.results.every((r) => !r.applied)).toBe(true);
    expect([...t.audit.entries.values()][0]).toMatchObject({
      details: { dryRun: true, counts: { written: 0 } },
    });
  });

  it("exactly one audit entry and one write per item under duplicate deliveries and a repeated execute", async () => {
    const t = await backedUp();
    const first = await restore(t, "rr1", {}, { duplicateDeliveries: true });
    expect(t.graph.counters.assign).toBe(8);
    expect(t.audit.attempts).toBe(2);
    expect(t.audit.entries.size).toBe(1);
    expect(first.run.results.filter((r) => r.action === "created")).toHaveLength(8);
    // The same execution started again (a repeated start of the instance): it is no longer canonical.
    const harness = new ReplayHarness(registry(t.deps));
    const repeat = await harness.run(
      orchestrationNames.restoreExecute,
      { workspaceId: "ws", runId: first.runId },
      first.runId,
    );
    expect(repeat.output).toMatchObject({ skipped: "non_canonical_skip" });
    expect(t.audit.entries.size).toBe(1);
    expect(t.graph.counters.assign).toBe(8);
  });

  it("a batch that crashes after writing is retried without writing any item twice, and keeps its results", async () => {
    const t = await backedUp();
    let crashed = false;
    const { run, harness } = await restore(t, "rr1", {}, {}, (name, handler) =>
      name === "restoreItemsBatch"
        ? async (input) => {
            const output = await handler(input);
            if (!crashed) {
              crashed = true;
              throw new Error("host lost after the writes");
            }
            return output;
          }
        : handler,
    );
    expect(harness.calls.filter((c) => c.name === "restoreItemsBatch" && c.failed)).toHaveLength(1);
    expect(t.graph.counters.assign).toBe(8);
    expect(run.results.filter((r) => r.action === "created")).toHaveLength(8);
    assertTenantB(t, "skip");
  });

  it("a target without permission → every item failed graph_forbidden → blocked, still one audit entry", async () => {
    const t = await backedUp();
    t.graph.listFaults.set("tb/deviceConfigurations", "graph_forbidden");
    t.graph.listFaults.set("tb/managedAppPolicies", "graph_forbidden");
    const { run } = await restore(t, "rr1");
    expect(run.outcome).toBe("blocked");
    expect(run.results.every((r) => r.reasonCode === "graph_forbidden")).toBe(true);
    expect(t.graph.counters.assign).toBe(0);
    expect([...t.audit.entries.values()][0]).toMatchObject({ outcome: "blocked" });
  });

  it("records every item failure in the failure log of both runs, once each, whatever the delivery", async () => {
    const t = await backedUp();
    t.graph.listFaults.set("tb/deviceConfigurations", "graph_forbidden");
    t.graph.listFaults.set("tb/managedAppPolicies", "graph_forbidden");
    // Every activity delivered twice: the log's deterministic ids keep one entry per failure.
    const { run, runId } = await restore(t, "rr1", {}, {}, (_name, handler) => async (input) => {
      await handler(input);
      return handler(input);
    });
    const failed = run.results
      .filter((r) => r.action === "failed")
      .map((r) => r.backupItemId)
      .sort();
    expect(failed.length).toBeGreaterThan(0);
    const runIds = new Set([...t.failureLog.entries.values()].map((e) => e.runId));
    expect(runIds).toContain(runId); // the restore.execute run and its assignments.restore run
    expect(runIds.size).toBe(2);
    for (const id of runIds) {
      const logged = t.failureLog.of(id);
      expect(logged.map((f) => f.itemId).sort()).toEqual(failed);
      expect(logged.every((f) => f.reasonCode === "graph_forbidden")).toBe(true);
    }
    expect(t.failureLog.entries.size).toBe(failed.length * 2);
  });

  it("same-tenant restore by id writes only the item that drifted", async () => {
    const t = await backedUp();
    t.graph.tenants.ta!.policies.deviceConfigurations![1]!.assignments = [g("a-g2")];
    const { run } = await restore(t, "rr1", {
      targetTenantId: "ta",
      groupMapping: { strategy: "id", map: {} },
      filterMapping: { strategy: "id", map: {} },
    });
    expect(t.graph.counters.assign).toBe(1);
    expect(run.results.filter((r) => r.action === "updated")).toEqual([
      expect.objectContaining({ sourcePolicyId: "deviceConfigurations-1", added: 1, removed: 1 }),
    ]);
    expect(
      sameAssignmentSet(t.graph.tenants.ta!.policies.deviceConfigurations![1]!.assignments, [g("a-g0")]),
    ).toBe(true);
  });

  it("cooldown: a second execution of the same restore within the cooldown writes nothing", async () => {
    const t = await backedUp();
    await restore(t, "rr1");
    const writes = t.graph.counters.assign;
    const runId = "exec-rr1-again";
    t.ledger.seed(
      {
        workspaceId: "ws",
        tenantId: "tb",
        type: "restore.execute",
        initiator,
        identityInputs: { restoreRunId: "rr1" },
        context: { restoreRunId: "rr1" },
      },
      runId,
    );
    const result = await new ReplayHarness(registry(t.deps)).run(
      orchestrationNames.restoreExecute,
      { workspaceId: "ws", runId },
      runId,
    );
    expect(result.output).toMatchObject({ skipped: "deduped" });
    expect(t.graph.counters.assign).toBe(writes);
    expect(t.audit.entries.size).toBe(1);
  });

  it("preview shows each item's diff and unmapped targets, and writes nothing anywhere", async () => {
    const t = await backedUp();
    await t.restores.create({ ...draft("rr1"), missingTargetPolicy: "skip" });
    const before = t.graph.counters.assign;
    const preview = await previewRestore(t.deps, "ws", "rr1", "2026-11-25T12:00:00.000Z");
    expect(t.graph.counters.assign).toBe(before);
    expect(t.restores.runs.get("rr1")!.results).toEqual([]);
    expect(preview).toHaveLength(12);
    const item = preview.find((p) => p.sourcePolicyId === "deviceConfigurations-2")!;
    expect(item).toMatchObject({
      action: "created",
      targetPolicyId: "b-deviceConfigurations-2",
      toKeep: [],
      toRemove: [],
    });
    expect(sameAssignmentSet(item.toAdd, [g("b-g1", "b-f0"), x("b-g2")])).toBe(true);
    const finance = preview.find((p) => p.sourcePolicyId === "managedAppPolicies-3")!;
    expect(finance.unmapped).toEqual([
      expect.objectContaining({
        objectType: "group",
        sourceDisplayName: "Finance",
        reason: "missing_in_target",
      }),
    ]);
  });

  it("a batch failing on every attempt fails its items only: the other batches are restored, one audit", async () => {
    const t = await backedUp();
    const failBatch1: Parameters<typeof registry>[1] = (name, handler) =>
      name === "restoreItemsBatch"
        ? (input) =>
            (input as { batchIndex: number }).batchIndex === 1
              ? Promise.reject(new Error("graph unavailable"))
              : handler(input)
        : handler;
    const { run } = await restore(t, "rr1", { missingTargetPolicy: "skip" }, {}, failBatch1, {
      batchSize: 3,
    });
    expect(run.outcome).toBe("partially_succeeded");
    const gaveUp = run.results.filter((r) => r.reasonCode === "orchestration_failed");
    expect(gaveUp).toHaveLength(3); // the one batch of 3
    expect(run.results.filter((r) => r.action !== "failed").length).toBeGreaterThan(0);
    const logged = t.failureLog.of("exec-rr1").filter((f) => f.reasonCode === "orchestration_failed");
    expect(logged.map((f) => f.itemId).sort()).toEqual(gaveUp.map((r) => r.backupItemId).sort());
    expect(logged.every((f) => typeof f.itemName === "string")).toBe(true);
    expect(t.ledger.runs.get("exec-rr1")).toMatchObject({ outcome: "partially_succeeded" });
    expect([...t.audit.entries.values()]).toHaveLength(1);
  });

  it("a batch failing on every attempt completes both runs failed, with one audit entry", async () => {
    const t = await backedUp();
    const { run, harness, runId } = await restore(t, "rr1", {}, {}, (name, handler) =>
      name === "restoreItemsBatch" ? () => Promise.reject(new Error("store unavailable")) : handler,
    );
    expect(harness.calls.filter((c) => c.name === "restoreItemsBatch")).toHaveLength(4);
    expect(run).toMatchObject({ status: "completed", outcome: "failed" });
    const assignmentsRun = [...t.ledger.runs.values()].find((r) => r.type === "assignments.restore")!;
    expect(assignmentsRun).toMatchObject({ status: "completed", outcome: "failed" });
    expect(assignmentsRun.failureSummary[0]).toMatchObject({ reasonCode: "orchestration_failed" });
    expect(t.ledger.runs.get(runId)).toMatchObject({ status: "completed", outcome: "failed" });
    expect([...t.audit.entries.values()]).toEqual([expect.objectContaining({ outcome: "failed" })]);
  });
});
