// Append-only audit log. Implemented on Cosmos DB (container `audits`) in shared/store.
import type { AuditEntry } from "../domain/auditEntry.js";

export interface AuditFilter {
  tenantId?: string;
  action?: string;
  actorUserId?: string;
  runId?: string;
  since?: string;
  until?: string;
}

export interface AuditLog {
  /**
   * Appends an entry. With a deterministic id (see auditIds), a second record of the same fact is a no-op:
   * resolves `recorded: false` instead of writing twice.
   */
  record(entry: AuditEntry): Promise<{ recorded: boolean }>;
  list(
    workspaceId: string,
    filter: AuditFilter,
    limit: number,
    continuation: string | null,
  ): Promise<{ items: AuditEntry[]; continuation: string | null }>;
}
