// The Monitoring hub's list queries, as the store adapters send them: every one is scoped to the workspace
// partition (partition key option and filter), filtered with parameters only (no caller text in the SQL),
// ordered by a single field that a composite index of its container covers, and bounded by the page size
// (one `fetchNext` of `maxItemCount` = limit). On real Cosmos their cost therefore follows the page, not
// the size of the ledger. The SDK's container is replaced by a recorder; the adapters are the real ones.
import type { Container, FeedOptions, SqlParameter, SqlQuerySpec } from "@azure/cosmos";
import { describe, expect, it } from "vitest";

import { containerDefinitions, type ContainerName } from "../../shared/store/containers.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunFailureLog } from "../../shared/store/CosmosRunFailureLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";

interface Sent {
  query: string;
  parameters: SqlParameter[];
  options: FeedOptions;
  fetch: "next" | "all" | null;
}

function recorder(): { container: Container; sent: Sent[] } {
  const sent: Sent[] = [];
  const empty = { resources: [], hasMoreResults: false, continuationToken: undefined };
  const container = {
    items: {
      query: (spec: SqlQuerySpec, options: FeedOptions) => {
        const entry: Sent = {
          query: spec.query,
          parameters: spec.parameters ?? [],
          options,
          fetch: null,
        };
        sent.push(entry);
        return {
          fetchNext: () => {
            entry.fetch = "next";
            return Promise.resolve(empty);
          },
          fetchAll: () => {
            entry.fetch = "all";
            return Promise.resolve(empty);
          },
        };
      },
    },
  } as unknown as Container;
  return { container, sent };
}

const hostile = "x' OR 1=1 --";
const shape =
  /^SELECT \* FROM c WHERE c\.workspaceId = @workspaceId AND c\.docType = @docType(?: AND .+)? ORDER BY c\.(\w+) (ASC|DESC)$/;

/** The list query's invariants, and the composite index of `container` that serves its ORDER BY. */
function expectPageShape(sent: Sent, container: ContainerName, limit: number): void {
  expect(sent.fetch).toBe("next");
  expect(sent.options.partitionKey).toBe("ws-a");
  expect(sent.options.maxItemCount).toBe(limit);
  expect(sent.parameters).toContainEqual({ name: "@workspaceId", value: "ws-a" });
  expect(sent.query).not.toContain(hostile);
  const match = shape.exec(sent.query);
  expect(match, sent.query).not.toBeNull();
  const [, field, direction] = match ?? [];
  const order = direction === "DESC" ? "descending" : "ascending";
  // Equality-filtered fields may precede the ORDER BY field in the index; the workspace always leads.
  const equalities = [...sent.query.matchAll(/c\.(\w+) = @/g)].map((m) => `/${m[1] ?? ""}`);
  const covering = (containerDefinitions[container].indexingPolicy.compositeIndexes ?? []).filter((index) => {
    const last = index.at(-1);
    const prefix = index.slice(0, -1).map((p) => p.path);
    return (
      last?.path === `/${field ?? ""}` &&
      last.order === order &&
      prefix[0] === "/workspaceId" &&
      prefix.every((p) => equalities.includes(p))
    );
  });
  expect(covering.length, `${sent.query} needs a composite index`).toBeGreaterThan(0);
}

describe("Monitoring list queries", () => {
  it("runs: every filter combination is partition-scoped, parameterized, indexed, one page", async () => {
    const { container, sent } = recorder();
    const ledger = new CosmosRunLedger({ container });
    const filters = [
      {},
      { tenantId: hostile },
      { type: "backup_set.create" as const },
      { status: "running" as const, outcome: "pending" as const },
      { initiator: hostile, since: "2026-01-01T00:00:00.000Z", until: "2026-02-01T00:00:00.000Z" },
    ];
    for (const filter of filters) await ledger.list("ws-a", filter, 50, null);
    expect(sent).toHaveLength(filters.length);
    for (const s of sent) expectPageShape(s, "runs", 50);
    expect(sent[1]?.query).toContain("c.tenantId = @tenantId");
    expect(sent.map((s) => /ORDER BY c\.(\w+) DESC$/.exec(s.query)?.[1])).toEqual(
      filters.map(() => "createdAt"),
    );
  });

  it("audit: partition-scoped, parameterized, newest first by timestamp, one page", async () => {
    const { container, sent } = recorder();
    const audit = new CosmosAuditLog(container);
    await audit.list("ws-a", {}, 25, null);
    await audit.list("ws-a", { tenantId: hostile, action: "ops.run.retried", runId: hostile }, 200, null);
    expectPageShape(sent[0]!, "audits", 25);
    expectPageShape(sent[1]!, "audits", 200);
  });

  it("a run's failure log: partition-scoped, one run, parameterized, in sort-key order, one page", async () => {
    const { container, sent } = recorder();
    const log = new CosmosRunFailureLog(container);
    await log.page("ws-a", "run-1", { limit: 50, continuation: null });
    await log.page("ws-a", hostile, {
      reasonCode: "graph_forbidden",
      search: hostile,
      limit: 200,
      continuation: null,
    });
    for (const [i, s] of sent.entries()) {
      expectPageShape(s, "failures", i === 0 ? 50 : 200);
      expect(s.query).toContain("c.runId = @runId");
    }
    expect(sent[1]?.query).toContain("c.reasonCode = @reasonCode");
    expect(sent[1]?.parameters).toContainEqual({ name: "@search", value: hostile.toLowerCase() });
  });
});
