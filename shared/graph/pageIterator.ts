// Follows @odata.nextLink to the end (lists and per-item collections alike): tools that stopped at the first
// page lost everything after 25 settings catalog policies.
import type { ApiVersion, GraphTransport } from "./graphTransport.js";

export interface GraphPage {
  value: Record<string, unknown>[];
  nextLink: string | undefined;
}

export function asPage(body: unknown): GraphPage {
  const b = body as { value?: unknown; "@odata.nextLink"?: unknown } | null;
  const value = Array.isArray(b?.value) ? (b.value as Record<string, unknown>[]) : [];
  const next = b?.["@odata.nextLink"];
  return { value, nextLink: typeof next === "string" ? next : undefined };
}

export async function* pages(
  transport: GraphTransport,
  version: ApiVersion,
  path: string,
): AsyncGenerator<Record<string, unknown>[]> {
  let next: string | undefined = path;
  while (next !== undefined) {
    const page = asPage(await transport.get(version, next));
    yield page.value;
    next = page.nextLink;
  }
}

/** The rest of a collection whose first page is already in hand. */
export async function collectRest(
  transport: GraphTransport,
  version: ApiVersion,
  first: GraphPage,
): Promise<Record<string, unknown>[]> {
  const all = [...first.value];
  if (first.nextLink !== undefined)
    for await (const page of pages(transport, version, first.nextLink)) all.push(...page);
  return all;
}
