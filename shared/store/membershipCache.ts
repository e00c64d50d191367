// Every workspace request reads the caller's membership before its own work; a caller paging a list sends
// many requests a second. This keeps found memberships for a few seconds per instance (bounded), so that
// read is mostly answered in memory: one point read less per request, and no wait behind the store when it
// is busy (locally: the emulator's GC pause after a large scan was the API's p95 tail). Misses and absent
// memberships always read the store, so a new member gets access at once; a removed or downgraded member
// keeps the previous role on an instance for at most `ttlMs` (tokens themselves live for an hour).
import type { Membership } from "../domain/directory.js";
import type { DirectoryStore } from "../ports/directoryStore.js";

export interface MembershipCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
}

export const membershipCacheTtlMs = 5_000;

export function withMembershipCache(
  directory: DirectoryStore,
  options: MembershipCacheOptions = {},
): DirectoryStore {
  const ttlMs = options.ttlMs ?? membershipCacheTtlMs;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? (() => performance.now());
  const found = new Map<string, { membership: Membership; until: number }>();
  return {
    getWorkspace: (workspaceId) => directory.getWorkspace(workspaceId),
    listMemberships: (userId) => directory.listMemberships(userId),
    listTenants: (workspaceId) => directory.listTenants(workspaceId),
    getTenant: (workspaceId, tenantId) => directory.getTenant(workspaceId, tenantId),
    createTenant: (tenant) => directory.createTenant(tenant),
    async getMembership(workspaceId, userId) {
      // JSON of both parts: no separator an id could contain can make two pairs collide.
      const key = JSON.stringify([workspaceId, userId]);
      const hit = found.get(key);
      if (hit !== undefined && now() < hit.until) return hit.membership;
      found.delete(key);
      const membership = await directory.getMembership(workspaceId, userId);
      if (membership !== null) {
        // Oldest first out; expired entries leave on their next lookup or here.
        if (found.size >= maxEntries) found.delete(found.keys().next().value ?? key);
        found.set(key, { membership: Object.freeze(membership), until: now() + ttlMs });
      }
      return membership;
    },
  };
}
