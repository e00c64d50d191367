// The run failure log on Cosmos DB (`failures` container, partition /workspaceId): one document per failure
// with a deterministic id (failureLogId), so a retried activity overwrites what its earlier attempt wrote.
// Pages are partition-scoped, filtered by run (and reason code), ordered by one sort key, bounded by limit.
import type { Container } from "@azure/cosmos";

import { failureLogId, failureSortKey, makeFailure } from "../domain/failures.js";
import { failureEntrySchema, type FailureCounts, type FailureEntry } from "../domain/operationRun.js";
import { reasonCodeSchema } from "../domain/reasonCodes.js";
import type { FailurePage, FailurePageQuery, FailureTally, RunFailureLog } from "../ports/runFailureLog.js";
import type { Clock } from "../ports/clock.js";
import { systemClock } from "../ports/clock.js";
import { cosmosCall } from "./cosmosErrors.js";
import { listPage } from "./listPage.js";

/** Writes in flight per `record` call: enough to hide latency, few enough not to throttle a partition. */
const writeConcurrency = 16;

export interface FailureLogDocument extends FailureEntry {
  id: string;
  docType: "failure";
  workspaceId: string;
  runId: string;
  sortKey: string;
  recordedAt: string;
}

export class CosmosRunFailureLog implements RunFailureLog {
  constructor(
    private readonly container: Container,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(workspaceId: string, runId: string, failures: readonly FailureEntry[]): Promise<void> {
    const recordedAt = this.clock.now().toISOString();
    const docs = new Map<string, FailureLogDocument>();
    for (const failure of failures) {
      const entry = makeFailure(failure); // sanitized again: nothing unsanitized reaches the store
      const id = failureLogId(runId, entry);
      if (docs.has(id)) continue;
      docs.set(id, {
        ...entry,
        id,
        docType: "failure",
        workspaceId,
        runId,
        sortKey: failureSortKey(entry),
        recordedAt,
      });
    }
    const pending = [...docs.values()];
    const worker = async (): Promise<void> => {
      for (let doc = pending.pop(); doc !== undefined; doc = pending.pop()) {
        const item = doc;
        await cosmosCall("record failure", () => this.container.items.upsert(item));
      }
    };
    await Promise.all(Array.from({ length: Math.min(writeConcurrency, pending.length) }, worker));
  }

  page(workspaceId: string, runId: string, query: FailurePageQuery): Promise<FailurePage> {
    const search = query.search?.trim().toLowerCase();
    return listPage(this.container, {
      action: "list failures",
      workspaceId,
      docType: "failure",
      orderBy: "sortKey",
      direction: "ASC",
      filters: [
        ["runId", "=", "runId", runId],
        ["reasonCode", "=", "reasonCode", query.reasonCode],
      ],
      where:
        search === undefined || search === ""
          ? undefined
          : {
              clause:
                "CONTAINS(LOWER(c.itemId), @search) OR CONTAINS(LOWER(c.itemName), @search)" +
                " OR CONTAINS(LOWER(c.message), @search)",
              parameters: [{ name: "@search", value: search }],
            },
      limit: query.limit,
      continuation: query.continuation,
      parse: (doc) => failureEntrySchema.parse(entryOf(doc)),
    });
  }

  async tally(workspaceId: string, runId: string): Promise<FailureTally> {
    // GROUP BY would do this on real Cosmos, the local server cannot parse it; the projection is small.
    const rows = await this.projection(workspaceId, runId, "c.reasonCode, c.itemId", "count failures");
    const byReason: FailureCounts = {};
    const items = new Set<string>();
    for (const row of rows) {
      const { reasonCode, itemId } = (row ?? {}) as { reasonCode?: unknown; itemId?: unknown };
      const reason = reasonCodeSchema.parse(reasonCode);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (typeof itemId === "string") items.add(itemId);
    }
    return { byReason, failedItems: items.size };
  }

  async failedItemIds(workspaceId: string, runId: string, max: number): Promise<string[]> {
    const ids = await this.projection(
      workspaceId,
      runId,
      "VALUE c.itemId",
      "list failed items",
      "IS_DEFINED(c.itemId)",
    );
    return [...new Set(ids.filter((id): id is string => typeof id === "string"))].sort().slice(0, max);
  }

  private async projection(
    workspaceId: string,
    runId: string,
    select: string,
    action: string,
    extra?: string,
  ): Promise<unknown[]> {
    const { resources } = await cosmosCall(action, () =>
      this.container.items
        .query<unknown>(
          {
            query: `SELECT ${select} FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'failure' AND c.runId = @runId${extra === undefined ? "" : ` AND ${extra}`}`,
            parameters: [
              { name: "@workspaceId", value: workspaceId },
              { name: "@runId", value: runId },
            ],
          },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    return resources;
  }
}

/** The failure entry of a stored document, without the storage fields (the schema then checks it). */
function entryOf(doc: unknown): Record<string, unknown> {
  if (typeof doc !== "object" || doc === null) return {};
  const stored = doc as Record<string, unknown>;
  const entry: Record<string, unknown> = {
    code: stored.code,
    reasonCode: stored.reasonCode,
    message: stored.message,
  };
  if (stored.itemId !== undefined) entry.itemId = stored.itemId;
  if (stored.itemName !== undefined) entry.itemName = stored.itemName;
  return entry;
}
