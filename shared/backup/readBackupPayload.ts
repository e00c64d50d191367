// The whole policy payload of a stored BackupItem, re-assembled from its chunk documents when it was split.
import type { BackupStore } from "../ports/backupStore.js";
import type { BackupItem } from "./backupDocuments.js";
import { assemblePayload } from "./payloadChunks.js";

export async function readBackupPayload(
  store: BackupStore,
  item: BackupItem,
): Promise<Record<string, unknown>> {
  if (item.payload !== null) return item.payload;
  return assemblePayload(item, await store.getPayloadChunks(item.workspaceId, item.id));
}
