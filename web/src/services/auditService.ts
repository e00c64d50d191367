// The workspace's audit log, newest first, filtered and paged.
import { auditEntrySchema, pageSchema, type AuditEntry, type Page } from "../domain/contracts.js";
import { getJson, wsPath } from "./http.js";

export interface AuditFilters {
  tenantId?: string | undefined;
  action?: string | undefined;
  actorUserId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const auditPageSchema = pageSchema(auditEntrySchema);

export const auditService = {
  list(workspaceId: string, filters: AuditFilters, continuation?: string | null): Promise<Page<AuditEntry>> {
    return getJson(`${wsPath(workspaceId)}/audit`, auditPageSchema, { ...filters, limit: 50, continuation });
  },
};
