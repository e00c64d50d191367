// One page of a workspace's documents of one kind: the shape every Monitoring list query has (partition-scoped,
// equality/range filters, ordered by one field its composite index covers, bounded by limit). Runs and audit
// entries come newest first; a run's failure log in ascending sort-key order, with an optional search clause.
import type { Container, ItemDefinition, SqlParameter } from "@azure/cosmos";

import { cosmosCall } from "./cosmosErrors.js";
import { decodeContinuation, encodeContinuation, resumedQuery, validateLimit } from "./continuation.js";

/** `[field, operator, parameter name, value]`; an undefined value adds no clause. */
export type PageFilter = readonly [
  field: string,
  op: "=" | ">=" | "<",
  name: string,
  value: string | undefined,
];

export interface ListPageQuery<T> {
  action: string;
  workspaceId: string;
  docType: string;
  orderBy: string;
  /** Default: descending (newest first). */
  direction?: "ASC" | "DESC";
  filters: readonly PageFilter[];
  /** A further clause with its own parameters (e.g. a substring search); ANDed with the filters. */
  where?: { clause: string; parameters: SqlParameter[] } | undefined;
  limit: number;
  continuation: string | null;
  parse: (doc: unknown) => T;
}

export async function listPage<T>(
  container: Container,
  q: ListPageQuery<T>,
): Promise<{ items: T[]; continuation: string | null }> {
  validateLimit(q.limit);
  const continuationToken = decodeContinuation(q.continuation);
  // The partition key is repeated in the filter: the local server ignores the partitionKey option.
  const clauses = ["c.workspaceId = @workspaceId", "c.docType = @docType"];
  const parameters: SqlParameter[] = [
    { name: "@workspaceId", value: q.workspaceId },
    { name: "@docType", value: q.docType },
  ];
  for (const [field, op, name, value] of q.filters) {
    if (value === undefined) continue;
    clauses.push(`c.${field} ${op} @${name}`);
    parameters.push({ name: `@${name}`, value });
  }
  if (q.where !== undefined) {
    clauses.push(`(${q.where.clause})`);
    parameters.push(...q.where.parameters);
  }
  const query = `SELECT * FROM c WHERE ${clauses.join(" AND ")} ORDER BY c.${q.orderBy} ${q.direction ?? "DESC"}`;
  const page = await resumedQuery(continuationToken, () =>
    cosmosCall(q.action, () =>
      container.items
        .query<ItemDefinition>(
          { query, parameters },
          {
            partitionKey: q.workspaceId,
            maxItemCount: q.limit,
            ...(continuationToken === undefined ? {} : { continuationToken }),
          },
        )
        .fetchNext(),
    ),
  );
  return {
    items: page.resources.map((doc) => q.parse(doc)),
    continuation: page.hasMoreResults ? encodeContinuation(page.continuationToken) : null,
  };
}
