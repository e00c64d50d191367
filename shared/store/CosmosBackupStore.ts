// BackupSets, BackupItems and payload chunks in the `backups` container. Every write is an upsert by a
// deterministic id, so a replayed activity overwrites what it wrote before and never duplicates it.
import type { Container } from "@azure/cosmos";

import {
  backupItemSchema,
  backupSetSchema,
  payloadChunkSchema,
  type BackupItem,
  type BackupSet,
  type PayloadChunk,
} from "../backup/backupDocuments.js";
import type { StoredBackupItem } from "../backup/backupItemBuilder.js";
import type { ItemIdRange } from "../backup/itemShards.js";
import type { BackupItemPage, BackupStore } from "../ports/backupStore.js";
import { attempt, cosmosCall } from "./cosmosErrors.js";
import { decodeContinuation, encodeContinuation, resumedQuery } from "./continuation.js";

/** Parallel upserts per call: enough to keep a keep-alive connection busy without bursting the RU budget. */
const writeConcurrency = 16;

export class CosmosBackupStore implements BackupStore {
  constructor(private readonly container: Container) {}

  async saveBackupSet(set: BackupSet): Promise<void> {
    await cosmosCall("save backup set", () => this.container.items.upsert(backupSetSchema.parse(set)));
  }

  async getBackupSet(workspaceId: string, backupSetId: string): Promise<BackupSet | null> {
    const read = await attempt("read backup set", () =>
      this.container.item(backupSetId, workspaceId).read<Record<string, unknown>>(),
    );
    if (!read.ok || read.value.resource === undefined) return null;
    const parsed = backupSetSchema.safeParse(read.value.resource);
    return parsed.success ? parsed.data : null;
  }

  async saveItems(items: readonly StoredBackupItem[]): Promise<void> {
    // Chunks first: an item document never names chunks that are not there yet.
    await this.upsertAll(items.flatMap((stored) => stored.chunks));
    await this.upsertAll(items.map((stored) => stored.item));
  }

  async updateItems(items: readonly BackupItem[]): Promise<void> {
    await this.upsertAll(items.map((item) => backupItemSchema.parse(item)));
  }

  async getItems(workspaceId: string, itemIds: readonly string[]): Promise<BackupItem[]> {
    if (itemIds.length === 0) return [];
    const found: BackupItem[] = [];
    await forEachLimited(itemIds, writeConcurrency, async (id) => {
      const read = await attempt("read backup item", () =>
        this.container.item(id, workspaceId).read<Record<string, unknown>>(),
      );
      if (!read.ok || read.value.resource === undefined) return;
      const parsed = backupItemSchema.safeParse(read.value.resource);
      if (parsed.success) found.push(parsed.data);
    });
    const order = new Map(itemIds.map((id, index) => [id, index]));
    return found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  async listItemsInRange(
    workspaceId: string,
    backupSetId: string,
    range: ItemIdRange,
  ): Promise<BackupItem[]> {
    const upper = range.to === null ? "" : " AND c.id < @to";
    const { resources } = await cosmosCall("list backup items in range", () =>
      this.container.items
        .query<Record<string, unknown>>(
          {
            query: `SELECT * FROM c WHERE c.workspaceId = @ws AND c.docType = 'backupItem' AND c.backupSetId = @set AND c.id >= @from${upper}`,
            parameters: [
              { name: "@ws", value: workspaceId },
              { name: "@set", value: backupSetId },
              { name: "@from", value: range.from },
              ...(range.to === null ? [] : [{ name: "@to", value: range.to }]),
            ],
          },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    return resources.map((doc) => backupItemSchema.parse(doc)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async getPayloadChunks(workspaceId: string, backupItemId: string): Promise<PayloadChunk[]> {
    const { resources } = await cosmosCall("read payload chunks", () =>
      this.container.items
        .query<Record<string, unknown>>(
          {
            query:
              "SELECT * FROM c WHERE c.workspaceId = @ws AND c.docType = 'backupPayloadChunk' AND c.backupItemId = @id",
            parameters: [
              { name: "@ws", value: workspaceId },
              { name: "@id", value: backupItemId },
            ],
          },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    return resources.map((doc) => payloadChunkSchema.parse(doc)).sort((a, b) => a.index - b.index);
  }

  async listItems(
    workspaceId: string,
    backupSetId: string,
    limit: number,
    continuation: string | null,
  ): Promise<BackupItemPage> {
    const continuationToken = decodeContinuation(continuation);
    const page = await resumedQuery(continuationToken, () =>
      cosmosCall("list backup items", () =>
        this.container.items
          .query<Record<string, unknown>>(
            {
              query:
                "SELECT * FROM c WHERE c.workspaceId = @ws AND c.docType = 'backupItem' AND c.backupSetId = @set ORDER BY c.id",
              parameters: [
                { name: "@ws", value: workspaceId },
                { name: "@set", value: backupSetId },
              ],
            },
            {
              partitionKey: workspaceId,
              maxItemCount: limit,
              ...optionalContinuation(continuationToken),
            },
          )
          .fetchNext(),
      ),
    );
    return {
      items: page.resources.map((doc) => backupItemSchema.parse(doc)),
      continuation: page.hasMoreResults ? encodeContinuation(page.continuationToken) : null,
    };
  }

  /** Backup sets of a tenant, newest first. */
  async listBackupSets(workspaceId: string, tenantId: string, limit: number): Promise<BackupSet[]> {
    const { resources } = await cosmosCall("list backup sets", () =>
      this.container.items
        .query<Record<string, unknown>>(
          {
            query:
              "SELECT * FROM c WHERE c.workspaceId = @ws AND c.docType = 'backupSet' AND c.tenantId = @t ORDER BY c.createdAt DESC",
            parameters: [
              { name: "@ws", value: workspaceId },
              { name: "@t", value: tenantId },
            ],
          },
          { partitionKey: workspaceId, maxItemCount: limit },
        )
        .fetchNext(),
    );
    return resources.map((doc) => backupSetSchema.parse(doc));
  }

  private async upsertAll(docs: readonly object[]): Promise<void> {
    await forEachLimited(docs, writeConcurrency, async (doc) => {
      await cosmosCall("save backup document", () => this.container.items.upsert(doc));
    });
  }
}

function optionalContinuation(token: string | undefined): { continuationToken?: string } {
  return token === undefined ? {} : { continuationToken: token };
}

async function forEachLimited<T>(
  values: readonly T[],
  limit: number,
  work: (value: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      const value = values[next] as T;
      next += 1;
      await work(value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
}
