// The append-only audit log in the `audits` container. Entries are created, never replaced: with a
// deterministic id (auditIds.ts) a second record of the same fact answers 409 and is reported as
// `recorded: false`, which is how "exactly one audit entry per restore execution" holds under retries.
import type { Container, ItemDefinition, SqlParameter } from "@azure/cosmos";

import { auditEntrySchema, type AuditEntry } from "../domain/auditEntry.js";
import { sanitizeAuditDetails, validateAuditEntry } from "../domain/auditRules.js";
import type { AuditFilter, AuditLog } from "../ports/auditLog.js";
import { attempt, cosmosCall, isAlreadyExists } from "./cosmosErrors.js";
import { decodeContinuation, encodeContinuation, validateLimit } from "./continuation.js";

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
    validateLimit(limit);
    const continuationToken = decodeContinuation(continuation);
    // The partition key is repeated in the filter: the local server ignores the partitionKey option.
    const clauses = ["c.workspaceId = @workspaceId", "c.docType = 'audit'"];
    const parameters: SqlParameter[] = [{ name: "@workspaceId", value: workspaceId }];
    const add = (field: string, op: string, name: string, value: string | undefined): void => {
      if (value === undefined) return;
      clauses.push(`c.${field} ${op} @${name}`);
      parameters.push({ name: `@${name}`, value });
    };
    add("tenantId", "=", "tenantId", filter.tenantId);
    add("action", "=", "action", filter.action);
    add("actor.userId", "=", "actorUserId", filter.actorUserId);
    add("runId", "=", "runId", filter.runId);
    add("timestamp", ">=", "since", filter.since);
    add("timestamp", "<", "until", filter.until);
    const query = `SELECT * FROM c WHERE ${clauses.join(" AND ")} ORDER BY c.timestamp DESC`;
    const page = await cosmosCall("list audits", () =>
      this.container.items
        .query<ItemDefinition>(
          { query, parameters },
          {
            partitionKey: workspaceId,
            maxItemCount: limit,
            ...(continuationToken === undefined ? {} : { continuationToken }),
          },
        )
        .fetchNext(),
    );
    return {
      items: page.resources.map((doc) => auditEntrySchema.parse(doc)),
      continuation: page.hasMoreResults ? encodeContinuation(page.continuationToken) : null,
    };
  }
}
