import { describe, expect, it } from "vitest";

import { buildBackupItem } from "../../../shared/backup/backupItemBuilder.js";
import { readBackupPayload } from "../../../shared/backup/readBackupPayload.js";
import { MemoryBackupStore } from "../orchestrations/fakes.js";

describe("readBackupPayload", () => {
  it("returns inline payloads and re-assembles split ones from the store", async () => {
    const store = new MemoryBackupStore();
    const scope = { workspaceId: "ws", tenantId: "t", backupSetId: "bs" };
    const policy = (id: string, size: number) => ({
      policyType: "configurationPolicies",
      policyId: id,
      displayName: id,
      payload: { id, settings: "s".repeat(size) },
      assignments: null,
    });
    const small = buildBackupItem(scope, policy("small", 10), "2026-11-25T12:00:00.000Z");
    const large = buildBackupItem(scope, policy("large", 4_000_000), "2026-11-25T12:00:00.000Z");
    await store.saveItems([small, large]);
    expect(large.chunks.length).toBe(3);
    expect(await readBackupPayload(store, small.item)).toEqual(policy("small", 10).payload);
    expect(await readBackupPayload(store, large.item)).toEqual(policy("large", 4_000_000).payload);
  });
});
