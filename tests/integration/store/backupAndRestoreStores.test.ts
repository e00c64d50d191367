import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildBackupItem } from "../../../shared/backup/backupItemBuilder.js";
import { inRange, shardCount, shardRange } from "../../../shared/backup/itemShards.js";
import { readBackupPayload } from "../../../shared/backup/readBackupPayload.js";
import type { RestoreItemResult, RestoreRun } from "../../../shared/restore/restoreRun.js";
import { CosmosBackupStore } from "../../../shared/store/CosmosBackupStore.js";
import { CosmosRestoreStore } from "../../../shared/store/CosmosRestoreStore.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
beforeAll(async () => {
  cosmos = await startTestCosmos();
});
afterAll(async () => {
  await cosmos.close();
});

const now = "2026-11-25T10:00:00.000Z";
const scope = { workspaceId: "ws-store", tenantId: "t1", backupSetId: "set-1" };

describe("CosmosBackupStore", () => {
  it("stores a payload larger than the inline limit in chunks and reads it back whole", async () => {
    const store = new CosmosBackupStore(cosmos.containers.backups);
    const payload = { id: "p-big", displayName: "Big", blob: "é".repeat(5_000) };
    const stored = buildBackupItem(
      scope,
      { policyType: "deviceConfigurations", policyId: "p-big", displayName: "Big", payload, assignments: [] },
      now,
      { inlineBytes: 1_000, chunkBytes: 2_000 },
    );
    expect(stored.chunks.length).toBeGreaterThan(1);
    await store.saveItems([stored]);
    await store.saveItems([stored]); // a replayed activity overwrites, never duplicates

    const [item] = await store.getItems(scope.workspaceId, [stored.item.id]);
    expect(item?.payload).toBeNull();
    expect(await readBackupPayload(store, item!)).toEqual(payload);
    const chunks = await store.getPayloadChunks(scope.workspaceId, stored.item.id);
    expect(chunks.map((c) => c.index)).toEqual(stored.chunks.map((c) => c.index));
  });

  it("reads a set's items by id-range shard: every item in exactly one shard, other sets never", async () => {
    const store = new CosmosBackupStore(cosmos.containers.backups);
    const make = (backupSetId: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        buildBackupItem(
          { ...scope, backupSetId },
          {
            policyType: "mobileApps",
            policyId: `m-${String(i)}`,
            displayName: `M ${String(i)}`,
            payload: { id: `m-${String(i)}` },
            assignments: null,
          },
          now,
        ),
      );
    const items = make("set-sharded", 60);
    await store.saveItems([...items, ...make("set-other", 20)]);
    const count = shardCount(items.length, 15);
    const shards = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        store.listItemsInRange(scope.workspaceId, "set-sharded", shardRange({ index, count })),
      ),
    );
    const ids = shards.flat().map((i) => i.id);
    expect(ids.sort()).toEqual(items.map((s) => s.item.id).sort());
    shards.forEach((shard, index) => {
      const range = shardRange({ index, count });
      expect(shard.every((i) => inRange(i.id, range) && i.backupSetId === "set-sharded")).toBe(true);
      expect(shard.map((i) => i.id)).toEqual([...shard.map((i) => i.id)].sort());
    });
  });

  it("pages items of a set with an opaque continuation", async () => {
    const store = new CosmosBackupStore(cosmos.containers.backups);
    const set = { ...scope, backupSetId: "set-paged" };
    const items = Array.from({ length: 7 }, (_, i) =>
      buildBackupItem(
        set,
        {
          policyType: "deviceCompliancePolicies",
          policyId: `c-${String(i)}`,
          displayName: `C ${String(i)}`,
          payload: { id: `c-${String(i)}` },
          assignments: null,
        },
        now,
      ),
    );
    await store.saveItems(items);
    const seen: string[] = [];
    let continuation: string | null = null;
    do {
      const page = await store.listItems(set.workspaceId, set.backupSetId, 3, continuation);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.policyId));
      continuation = page.continuation;
    } while (continuation !== null);
    expect(seen.sort()).toEqual(items.map((i) => i.item.policyId).sort());
  });
});

describe("CosmosRestoreStore", () => {
  const run: RestoreRun = {
    id: "rr-1",
    docType: "restoreRun",
    workspaceId: "ws-store",
    backupSetId: "set-1",
    sourceTenantId: "t1",
    targetTenantId: "t2",
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
    createdBy: { userId: "u", name: "U" },
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
  const result = (id: string, action: RestoreItemResult["action"]): RestoreItemResult => ({
    backupItemId: id,
    policyType: "deviceConfigurations",
    sourcePolicyId: id,
    targetPolicyId: id,
    action,
    applied: action !== "unchanged",
    reasonCode: null,
    message: null,
    added: 1,
    kept: 0,
    removed: 0,
    unmapped: [],
    completedAt: now,
  });

  it("creates once, then answers created: false", async () => {
    const store = new CosmosRestoreStore(cosmos.containers.restores);
    expect(await store.create(run)).toEqual({ created: true });
    expect(await store.create(run)).toEqual({ created: false });
  });

  it("keeps one result per item under 20 concurrent writers (retried items replace, never add)", async () => {
    const store = new CosmosRestoreStore(cosmos.containers.restores);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.upsertResults(run.workspaceId, run.id, [
          result(`i-${String(i % 10)}`, i < 10 ? "failed" : "updated"),
        ]),
      ),
    );
    const stored = await store.get(run.workspaceId, run.id);
    expect(stored?.results).toHaveLength(10);
    const updated = await store.update(run.workspaceId, run.id, {
      status: "completed",
      outcome: "succeeded",
    });
    expect(updated.results).toHaveLength(10);
    await store.clearResults(run.workspaceId, run.id);
    expect((await store.get(run.workspaceId, run.id))?.results).toEqual([]);
  });
});
