// Guards patches/@zeit+cosmosdb-query+0.7.2.patch: the local Cosmos server evaluates every query by handing
// the whole container to @zeit/cosmosdb-query, whose generated FROM reducer was `[...$, doc]` (a full copy
// of the accumulator per document, O(n²): ~60 s for one page over 20k documents on this machine). Patched, it
// appends in place. This is a complexity guard with a wide margin, not a performance figure.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

import { describe, expect, it } from "vitest";

interface CompiledQuery {
  code: string;
  exec(
    docs: object[],
    options: {
      parameters?: { name: string; value: unknown }[];
      maxItemCount?: number;
      continuation?: { token: string };
      compositeIndexes?: { path: string; order: string }[][];
    },
  ): { result: unknown[]; continuation: { token: string } | null };
}

const require = createRequire(import.meta.url);
const serverDir = require.resolve("@vercel/cosmosdb-server");
// The engine exactly as the local server resolves it.
const query = (
  createRequire(serverDir)("@zeit/cosmosdb-query") as { default: (sql: string) => CompiledQuery }
).default;

const runsQuery = "SELECT * FROM c WHERE c.workspaceId = @w AND c.docType = 'run' ORDER BY c.createdAt DESC";

function docs(n: number): object[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `run-${String(i)}`,
    _rid: `rid${String(i).padStart(8, "0")}`,
    workspaceId: i % 2 === 0 ? "ws-a" : "ws-b",
    docType: "run",
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    tags: [`t${String(i % 3)}`],
  }));
}

function firstPageMs(n: number): number {
  const data = docs(n);
  const compiled = query(runsQuery);
  const t0 = performance.now();
  const page = compiled.exec(data, { parameters: [{ name: "@w", value: "ws-a" }], maxItemCount: 50 });
  const ms = performance.now() - t0;
  expect(page.result).toHaveLength(50);
  return ms;
}

describe("local Cosmos query engine (patched)", () => {
  it("no longer copies the accumulator per document in generated FROM/JOIN code", () => {
    expect(query(runsQuery).code).not.toMatch(/\[\s*\.\.\.\$\s*,/);
    expect(query(runsQuery).code).toContain("$h.push($");
    expect(query("SELECT c.id, t FROM c JOIN t IN c.tags").code).toContain("$h.pushAll($");
  });

  it("returns the same answers: filters, joins, ORDER BY and continuation pages", () => {
    const data = docs(250);
    const first = query(runsQuery).exec(data, {
      parameters: [{ name: "@w", value: "ws-a" }],
      maxItemCount: 100,
    });
    expect(first.result).toHaveLength(100);
    const second = query(runsQuery).exec(data, {
      parameters: [{ name: "@w", value: "ws-a" }],
      maxItemCount: 100,
      ...(first.continuation === null ? {} : { continuation: first.continuation }),
    });
    const ids = [...first.result, ...second.result].map((d) => (d as { id: string }).id);
    expect(ids).toHaveLength(125);
    expect(new Set(ids).size).toBe(125);
    expect(ids[0]).toBe("run-248");
    const joined = query("SELECT c.id, t FROM c JOIN t IN c.tags WHERE t = 't1'").exec(data.slice(0, 7), {});
    expect(joined.result).toEqual([
      { id: "run-1", t: "t1" },
      { id: "run-4", t: "t1" },
    ]);
  });

  it("grows about linearly: 8x the documents costs far less than the 64x of a quadratic scan", () => {
    firstPageMs(2_000); // warm-up (JIT)
    const small = Math.min(firstPageMs(5_000), firstPageMs(5_000));
    const large = Math.min(firstPageMs(40_000), firstPageMs(40_000));
    // Unpatched, 40k documents take minutes; patched, tens of milliseconds. Wide margins for a busy machine.
    expect(large).toBeLessThan(5_000);
    expect(large / Math.max(small, 1)).toBeLessThan(32);
  });
});
