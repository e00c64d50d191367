// Groups and assignment filters of a tenant by id and by display name, batched: ids as $batch GET /groups/{id},
// names as $batch GET /groups?$filter=displayName eq '…'; filters from one paged list. Lookups by id (what a
// backup asks, once per shard) go through CachedDirectoryNames: a tenant's names are kept ~2 minutes, so a
// 10,000-policy backup resolves each group and the filter list once instead of once per shard.
import type { DirectoryObject, DirectoryQuery } from "../ports/policyGraph.js";
import { executeBatch, type BatchRequest } from "./batchExecutor.js";
import { GraphRequestError } from "./graphRequestError.js";
import type { GraphTransport } from "./graphTransport.js";
import { asPage, collectRest, pages } from "./pageIterator.js";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toObject(item: unknown): DirectoryObject | null {
  const o = item as { id?: unknown; displayName?: unknown } | null;
  return typeof o?.id === "string" && typeof o.displayName === "string"
    ? { id: o.id, displayName: o.displayName }
    : null;
}

/** OData string literal: quotes doubled, then URL-encoded. */
export function odataString(value: string): string {
  return encodeURIComponent(`'${value.replace(/'/g, "''")}'`);
}

export async function lookupGroups(
  transport: GraphTransport,
  query: DirectoryQuery,
): Promise<DirectoryObject[]> {
  if (query.displayNames.length === 0) return CachedDirectoryNames.of(transport).groupsById(query.ids);
  return lookupGroupsUncached(transport, query);
}

async function lookupGroupsUncached(
  transport: GraphTransport,
  query: DirectoryQuery,
): Promise<DirectoryObject[]> {
  const requests: BatchRequest[] = [];
  const ids = [...new Set(query.ids.filter((id) => guid.test(id)).map((id) => id.toLowerCase()))];
  ids.forEach((id, i) =>
    requests.push({ id: `id-${i}`, method: "GET", url: `/groups/${id}?$select=id,displayName` }),
  );
  const names = [...new Set(query.displayNames)];
  names.forEach((name, i) =>
    requests.push({
      id: `name-${i}`,
      method: "GET",
      url: `/groups?$filter=displayName%20eq%20${odataString(name)}&$select=id,displayName`,
    }),
  );
  const results = await executeBatch(transport, "v1.0", requests);
  const found = new Map<string, DirectoryObject>();
  for (const r of requests) {
    const res = results.get(r.id);
    if (res === undefined) throw new GraphRequestError("unknown", null, null, "group lookup: no answer");
    if (!res.ok) {
      if (res.reasonCode === "graph_not_found" && r.id.startsWith("id-")) continue; // no such id: try by name
      throw new GraphRequestError(res.reasonCode, res.status, null, `group lookup: ${res.message}`);
    }
    const items = r.id.startsWith("id-")
      ? [res.body]
      : await collectRest(transport, "v1.0", asPage(res.body));
    for (const item of items) {
      const o = toObject(item);
      // Graph's `eq` ignores case; the mapping matches names exactly, so keep only exact matches.
      if (o !== null && (r.id.startsWith("id-") || names.includes(o.displayName)))
        found.set(o.id.toLowerCase(), o);
    }
  }
  return [...found.values()];
}

export async function lookupFilters(
  transport: GraphTransport,
  query: DirectoryQuery,
): Promise<DirectoryObject[]> {
  if (query.displayNames.length === 0) return CachedDirectoryNames.of(transport).filtersById(query.ids);
  return lookupFiltersUncached(transport, query);
}

async function lookupFiltersUncached(
  transport: GraphTransport,
  query: DirectoryQuery & { all?: boolean },
): Promise<DirectoryObject[]> {
  const ids = new Set(query.ids.map((id) => id.toLowerCase()));
  const names = new Set(query.displayNames);
  const out: DirectoryObject[] = [];
  for await (const page of pages(
    transport,
    "beta",
    "/deviceManagement/assignmentFilters?$select=id,displayName",
  )) {
    for (const item of page) {
      const o = toObject(item);
      if (o !== null && (query.all === true || ids.has(o.id.toLowerCase()) || names.has(o.displayName)))
        out.push(o);
    }
  }
  return out;
}

/** How long a tenant's group and filter names are reused for lookups by id. */
export const directoryNamesTtlMs = 120_000;

interface Cached<T> {
  value: Promise<T>;
  expires: number;
}

/**
 * Names of a tenant's groups and filters by id, per transport (one per tenant), for `directoryNamesTtlMs`.
 * Concurrent lookups share one request; ids not found are not cached (asked again next time); a failed
 * lookup is forgotten. Lookups by display name (a restore's mapping) never use it.
 */
export class CachedDirectoryNames {
  private static readonly byTransport = new WeakMap<GraphTransport, CachedDirectoryNames>();
  private readonly groups = new Map<string, Cached<DirectoryObject | null>>();
  private filters: Cached<DirectoryObject[]> | null = null;

  private constructor(
    private readonly transport: GraphTransport,
    private readonly now: () => number,
  ) {}

  static of(transport: GraphTransport, now: () => number = Date.now): CachedDirectoryNames {
    let cache = CachedDirectoryNames.byTransport.get(transport);
    if (cache === undefined) {
      cache = new CachedDirectoryNames(transport, now);
      CachedDirectoryNames.byTransport.set(transport, cache);
    }
    return cache;
  }

  async groupsById(ids: readonly string[]): Promise<DirectoryObject[]> {
    const now = this.now();
    const wanted = [...new Set(ids.filter((id) => guid.test(id)).map((id) => id.toLowerCase()))];
    const missing = wanted.filter((id) => {
      const entry = this.groups.get(id);
      return entry === undefined || entry.expires <= now;
    });
    if (missing.length > 0) {
      const lookup = lookupGroupsUncached(this.transport, { ids: missing, displayNames: [] });
      const expires = now + directoryNamesTtlMs;
      for (const id of missing) {
        const value = lookup.then((found) => found.find((o) => o.id.toLowerCase() === id) ?? null);
        this.groups.set(id, { value, expires });
      }
      lookup.catch(() => {
        for (const id of missing) this.groups.delete(id);
      });
    }
    const found = await Promise.all(wanted.map((id) => this.groups.get(id)?.value ?? Promise.resolve(null)));
    // Not found (deleted, or not yet replicated): asked again next time rather than remembered as missing.
    wanted.forEach((id, i) => {
      if (found[i] === null) this.groups.delete(id);
    });
    return found.filter((o): o is DirectoryObject => o !== null);
  }

  async filtersById(ids: readonly string[]): Promise<DirectoryObject[]> {
    if (ids.length === 0) return [];
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    const all = await this.filterList(false);
    const has = new Set(all.map((o) => o.id.toLowerCase()));
    // A filter newer than the cached list: read the list again once.
    const list = [...wanted].every((id) => has.has(id)) ? all : await this.filterList(true);
    return list.filter((o) => wanted.has(o.id.toLowerCase()));
  }

  private filterList(refresh: boolean): Promise<DirectoryObject[]> {
    const now = this.now();
    if (!refresh && this.filters !== null && this.filters.expires > now) return this.filters.value;
    const value = lookupFiltersUncached(this.transport, { ids: [], displayNames: [], all: true });
    const entry = { value, expires: now + directoryNamesTtlMs };
    this.filters = entry;
    value.catch(() => {
      if (this.filters === entry) this.filters = null;
    });
    return value;
  }
}
