// The append-only audit log in the `audits` container. Entries are created, never replaced: with a
// deterministic id (auditIds.ts) a second record of the same fact answers 409 and is reported as
// `recorded: false`, which is how "exactly one audit entry per restore execution" holds under retries.
import type { Container } from "@azure/cosmos";

import { auditEntrySchema, type AuditEntry } from "../domain/auditEntry.js";
import { sanitizeAuditDetails, validateAuditEntry } from "../domain/auditRules.js";
import type { AuditFilter, AuditLog } from "../ports/auditLog.js";
import { attempt, isAlreadyExists } from "./cosmosErrors.js";
import { listPage } from "./listPage.js";

export class CosmosAuditLog implements AuditLog {
  constructor(private readonly container: Container) {}

  async record(input: AuditEntry): Promise<{ recorded: boolean }> {
    const entry = validateAuditEntry({ ...input, details: sanitizeAuditDetails(input.details) });
    const created = await attempt("record audit", () => this.container.items.create({ ...entry }));
    return { recorded: !isAlreadyExists(created, "record audit") };
  }

  async list(
    workspaceId: string,
    filter: AuditFilter,
    limit: number,
    continuation: string | null,
  ): Promise<{ items: AuditEntry[]; continuation: string | null }> {
    return listPage(this.container, {
      action: "list audits",
      workspaceId,
      docType: "audit",
      orderBy: "timestamp",
      filters: [
        ["tenantId", "=", "tenantId", filter.tenantId],
        ["action", "=", "action", filter.action],
        ["actor.userId", "=", "actorUserId", filter.actorUserId],
        ["runId", "=", "runId", filter.runId],
        ["timestamp", ">=", "since", filter.since],
        ["timestamp", "<", "until", filter.until],
      ],
      limit,
      continuation,
      parse: (doc) => auditEntrySchema.parse(doc),
    });
  }
}
