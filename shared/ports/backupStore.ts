// BackupSets and BackupItems (container `backups`, pk /workspaceId). Implemented on Cosmos DB in shared/store.
// Every write is an upsert by deterministic id: a replayed activity overwrites, never duplicates.
import type { BackupItem, BackupSet, PayloadChunk } from "../backup/backupDocuments.js";
import type { StoredBackupItem } from "../backup/backupItemBuilder.js";
import type { ItemIdRange } from "../backup/itemShards.js";

export interface BackupItemPage {
  items: BackupItem[];
  continuation: string | null;
}

export interface BackupStore {
  saveBackupSet(set: BackupSet): Promise<void>;
  getBackupSet(workspaceId: string, backupSetId: string): Promise<BackupSet | null>;
  /** Upserts each item's chunk documents first, then the item, so an item never names missing chunks. */
  saveItems(items: readonly StoredBackupItem[]): Promise<void>;
  /** Replaces items (assignment fetch results); their chunks are unchanged. */
  updateItems(items: readonly BackupItem[]): Promise<void>;
  getItems(workspaceId: string, itemIds: readonly string[]): Promise<BackupItem[]>;
  /** Items of a set whose ids fall in `range` (one shard of the assignment fetch), in id order. */
  listItemsInRange(workspaceId: string, backupSetId: string, range: ItemIdRange): Promise<BackupItem[]>;
  getPayloadChunks(workspaceId: string, backupItemId: string): Promise<PayloadChunk[]>;
  listItems(
    workspaceId: string,
    backupSetId: string,
    limit: number,
    continuation: string | null,
  ): Promise<BackupItemPage>;
  /** Backup sets of a tenant, newest first, at most `limit` (optional: in-memory fakes may omit it). */
  listBackupSets?(workspaceId: string, tenantId: string, limit: number): Promise<BackupSet[]>;
}
