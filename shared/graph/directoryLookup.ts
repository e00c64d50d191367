// Groups and assignment filters of a tenant by id and by display name, batched: ids as $batch GET /groups/{id},
// names as $batch GET /groups?$filter=displayName eq '…'; filters from one paged list.
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
      if (o !== null && (ids.has(o.id.toLowerCase()) || names.has(o.displayName))) out.push(o);
    }
  }
  return out;
}
