// Backups: start one for a tenant, list a tenant's backup sets, read a set and its items (paged).
import { z } from "zod";

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
const setPath = (ws: string, backupSetId: string): string =>
  `${wsPath(ws)}/backup-sets/${encodeURIComponent(backupSetId)}`;

const backupSetListSchema = z.object({ items: z.array(backupSetSchema) });

export const backupsService = {
  /** `{}` backs up every supported policy type. */
  start(workspaceId: string, tenantId: string): Promise<BackupStarted> {
    return postJson(
      `${tenantPath(workspaceId, tenantId)}/backups`,
      backupStartedSchema,
      {},
      { idempotencyKey: newIdempotencyKey() },
    );
  },
  /** The tenant's newest backup sets (the API answers one list, no continuation). */
  async listSets(workspaceId: string, tenantId: string): Promise<BackupSet[]> {
    const list = await getJson(`${tenantPath(workspaceId, tenantId)}/backup-sets`, backupSetListSchema, {
      limit: 50,
    });
    return list.items;
  },
  getSet(workspaceId: string, backupSetId: string): Promise<BackupSet> {
    return getJson(setPath(workspaceId, backupSetId), backupSetSchema);
  },
  listItems(
    workspaceId: string,
    backupSetId: string,
    continuation?: string | null,
  ): Promise<Page<BackupItem>> {
    return getJson(`${setPath(workspaceId, backupSetId)}/items`, pageSchema(backupItemSchema), {
      limit: 200,
      continuation,
    });
  },
};
