// Backups of a tenant: start one, list backup sets and their items.
import {
  backupItemSchema,
  backupSetSchema,
  backupStartedSchema,
  pageSchema,
  type BackupItem,
  type BackupSet,
  type BackupStarted,
  type Page,
} from "../domain/contracts.js";
import { getJson, newIdempotencyKey, postJson, wsPath } from "./http.js";

const tenantPath = (ws: string, tenantId: string): string =>
  `${wsPath(ws)}/tenants/${encodeURIComponent(tenantId)}`;

export const backupsService = {
  start(workspaceId: string, tenantId: string): Promise<BackupStarted> {
    return postJson(
      `${tenantPath(workspaceId, tenantId)}/backups`,
      backupStartedSchema,
      {},
      {
        idempotencyKey: newIdempotencyKey(),
      },
    );
  },
  listSets(workspaceId: string, tenantId: string, continuation?: string | null): Promise<Page<BackupSet>> {
    return getJson(`${tenantPath(workspaceId, tenantId)}/backup-sets`, pageSchema(backupSetSchema), {
      limit: 50,
      continuation,
    });
  },
  listItems(
    workspaceId: string,
    tenantId: string,
    backupSetId: string,
    continuation?: string | null,
  ): Promise<Page<BackupItem>> {
    return getJson(
      `${tenantPath(workspaceId, tenantId)}/backup-sets/${encodeURIComponent(backupSetId)}/items`,
      pageSchema(backupItemSchema),
      { limit: 200, continuation },
    );
  },
};
