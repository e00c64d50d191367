// OData query options as Graph reads them: $top, $select, $expand, $filter, $skiptoken, plus nextLink paging.
import type { SimResponse } from "./graphErrors.js";
import { badRequest, ok } from "./graphErrors.js";

export interface ODataQuery {
  top: number | undefined;
  select: string[] | undefined;
  expand: string[];
  filter: string | undefined;
  skip: number;
}

export function parseQuery(params: URLSearchParams): ODataQuery | SimResponse {
  const topRaw = params.get("$top");
  const top = topRaw === null ? undefined : Number(topRaw);
  if (top !== undefined && (!Number.isInteger(top) || top < 0))
    return badRequest(`Invalid value '${topRaw}' for $top.`);
  const select = params
    .get("$select")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const expand = (params.get("$expand") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const token = params.get("$skiptoken");
  let skip = 0;
  if (token !== null) {
    skip = Number(
      Buffer.from(token, "base64url")
        .toString("utf8")
        .replace(/^skip:/, ""),
    );
    if (!Number.isInteger(skip) || skip < 0) return badRequest("The $skiptoken is invalid.");
  }
  return { top, select, expand, filter: params.get("$filter") ?? undefined, skip };
}

export function applySelect(
  item: Record<string, unknown>,
  select: string[] | undefined,
): Record<string, unknown> {
  if (select === undefined) return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === "@odata.type" || k === "id" || select.includes(k)) out[k] = v;
  }
  return out;
}

/** One page of a collection with `@odata.nextLink` carrying every other query option, as Graph does. */
export function page<T = Record<string, unknown>>(
  items: readonly T[],
  q: ODataQuery,
  pageSize: number,
  selfUrl: URL,
  context: string,
  maxPageSize = pageSize,
  /** Shapes only the items of this page (large tenants: never the whole collection per call). */
  shape: (item: T) => Record<string, unknown> = (item) => item as Record<string, unknown>,
): SimResponse {
  const size = Math.max(1, Math.min(q.top ?? pageSize, maxPageSize));
  const slice = items.slice(q.skip, q.skip + size).map(shape);
  const body: Record<string, unknown> = { "@odata.context": context, value: slice };
  if (q.skip + size < items.length) {
    const next = new URL(selfUrl.toString());
    next.searchParams.set("$skiptoken", Buffer.from(`skip:${q.skip + size}`).toString("base64url"));
    next.searchParams.delete("$top");
    if (q.top !== undefined) next.searchParams.set("$top", String(q.top));
    body["@odata.nextLink"] = next.toString();
  }
  return ok(body);
}

/** Group filters Graph supports and callers use: displayName eq, startswith(displayName), id in (...). */
export function parseGroupFilter(
  filter: string,
):
  | { kind: "eq"; value: string }
  | { kind: "startswith"; value: string }
  | { kind: "in"; values: string[] }
  | null {
  const str = "'((?:[^']|'')*)'";
  const unq = (s: string): string => s.replace(/''/g, "'");
  let m = new RegExp(`^\\s*displayName\\s+eq\\s+${str}\\s*$`, "i").exec(filter);
  if (m) return { kind: "eq", value: unq(m[1] ?? "") };
  m = new RegExp(`^\\s*startswith\\(\\s*displayName\\s*,\\s*${str}\\s*\\)\\s*$`, "i").exec(filter);
  if (m) return { kind: "startswith", value: unq(m[1] ?? "") };
  m = /^\s*id\s+in\s+\(([^)]*)\)\s*$/i.exec(filter);
  if (m) {
    const values = [...(m[1] ?? "").matchAll(/'([^']*)'/g)].map((x) => x[1] ?? "");
    return { kind: "in", values };
  }
  return null;
}
