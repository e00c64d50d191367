// The membership cache in front of the directory: found memberships for a few seconds, misses never.
import { describe, expect, it } from "vitest";

import type { Membership } from "../../shared/domain/directory.js";
import type { DirectoryStore } from "../../shared/ports/directoryStore.js";
import { withMembershipCache } from "../../shared/store/membershipCache.js";

function countingDirectory(members: Map<string, Membership>): { store: DirectoryStore; reads: string[] } {
  const reads: string[] = [];
  const store: DirectoryStore = {
    getWorkspace: () => Promise.resolve(null),
    listMemberships: () => Promise.resolve([]),
    listTenants: () => Promise.resolve([]),
    getTenant: () => Promise.resolve(null),
    createTenant: (tenant) => Promise.resolve({ tenant, created: true }),
    getMembership: (workspaceId, userId) => {
      reads.push(`${workspaceId}/${userId}`);
      return Promise.resolve(members.get(`${workspaceId}/${userId}`) ?? null);
    },
  };
  return { store, reads };
}

const member = (workspaceId: string, userId: string, role: Membership["role"]): Membership => ({
  id: `membership:${userId}`,
  docType: "membership",
  workspaceId,
  userId,
  displayName: userId,
  role,
  createdAt: "2026-01-01T00:00:00.000Z",
});

describe("withMembershipCache", () => {
  it("answers a found membership from memory until the TTL, then reads the store again", async () => {
    const members = new Map([["ws-1/u-1", member("ws-1", "u-1", "owner")]]);
    const { store, reads } = countingDirectory(members);
    let clock = 0;
    const cached = withMembershipCache(store, { ttlMs: 5_000, now: () => clock });
    expect((await cached.getMembership("ws-1", "u-1"))?.role).toBe("owner");
    clock = 4_999;
    expect((await cached.getMembership("ws-1", "u-1"))?.role).toBe("owner");
    expect(reads).toHaveLength(1);
    members.set("ws-1/u-1", member("ws-1", "u-1", "readonly"));
    clock = 5_000;
    expect((await cached.getMembership("ws-1", "u-1"))?.role).toBe("readonly");
    expect(reads).toHaveLength(2);
  });

  it("never keeps an absent membership, so a new member gets access at once", async () => {
    const members = new Map<string, Membership>();
    const { store, reads } = countingDirectory(members);
    const cached = withMembershipCache(store, { now: () => 0 });
    expect(await cached.getMembership("ws-1", "u-2")).toBeNull();
    members.set("ws-1/u-2", member("ws-1", "u-2", "operator"));
    expect((await cached.getMembership("ws-1", "u-2"))?.role).toBe("operator");
    expect(reads).toHaveLength(2);
  });

  it("keeps workspaces and users apart, and holds at most maxEntries", async () => {
    const members = new Map([
      ["ws-1/u-1", member("ws-1", "u-1", "owner")],
      ["ws-2/u-1", member("ws-2", "u-1", "readonly")],
      ["ws-1/u-3", member("ws-1", "u-3", "operator")],
    ]);
    const { store, reads } = countingDirectory(members);
    const cached = withMembershipCache(store, { maxEntries: 2, now: () => 0 });
    expect((await cached.getMembership("ws-1", "u-1"))?.role).toBe("owner");
    expect((await cached.getMembership("ws-2", "u-1"))?.role).toBe("readonly");
    expect((await cached.getMembership("ws-1", "u-3"))?.role).toBe("operator");
    // The oldest (ws-1/u-1) made room; the two newest are still in memory.
    await cached.getMembership("ws-2", "u-1");
    await cached.getMembership("ws-1", "u-3");
    expect(reads).toHaveLength(3);
    await cached.getMembership("ws-1", "u-1");
    expect(reads).toHaveLength(4);
  });
});
