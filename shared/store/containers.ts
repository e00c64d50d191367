// Container definitions: partition key /workspaceId everywhere (a lock and its runs share a partition), and
// the composite indexes the Monitoring hub's queries need. Created at start when missing (locally; in Azure
// Bicep owns them and COSMOS_ENSURE_CONTAINERS is off).
import type { Container, CosmosClient, Database, IndexingPolicy } from "@azure/cosmos";

export const containerNames = [
  "directory",
  "runs",
  "failures",
  "audits",
  "backups",
  "restores",
  "notifications",
] as const;
export type ContainerName = (typeof containerNames)[number];

export interface ContainerDefinition {
  id: ContainerName;
  partitionKeyPath: "/workspaceId";
  indexingPolicy: IndexingPolicy;
}

const ascending = (...paths: string[]): { path: string; order: "ascending" | "descending" }[] => [
  ...paths.map((path) => ({ path, order: "ascending" as const })),
];

const defaultPolicy = (excluded: string[] = []): IndexingPolicy => ({
  indexingMode: "consistent",
  automatic: true,
  includedPaths: [{ path: "/*" }],
  excludedPaths: [{ path: '/"_etag"/?' }, ...excluded.map((path) => ({ path }))],
});

export const containerDefinitions: Readonly<Record<ContainerName, ContainerDefinition>> = {
  directory: { id: "directory", partitionKeyPath: "/workspaceId", indexingPolicy: defaultPolicy() },
  runs: {
    id: "runs",
    partitionKeyPath: "/workspaceId",
    indexingPolicy: {
      // Failures and the lock's copy of its queued run are never filtered on.
      ...defaultPolicy(["/failureSummary/*", "/queuedRun/*"]),
      compositeIndexes: [
        [...ascending("/workspaceId"), { path: "/createdAt", order: "descending" }],
        [...ascending("/workspaceId", "/tenantId"), { path: "/createdAt", order: "descending" }],
        [...ascending("/workspaceId", "/type"), { path: "/createdAt", order: "descending" }],
      ],
    },
  },
  failures: {
    id: "failures",
    partitionKeyPath: "/workspaceId",
    indexingPolicy: {
      ...defaultPolicy(),
      // The failure log's pages: one run's failures (of one reason code), in sort-key order.
      compositeIndexes: [
        ascending("/workspaceId", "/runId", "/sortKey"),
        ascending("/workspaceId", "/runId", "/reasonCode", "/sortKey"),
      ],
    },
  },
  audits: {
    id: "audits",
    partitionKeyPath: "/workspaceId",
    indexingPolicy: {
      ...defaultPolicy(["/details/*"]),
      compositeIndexes: [
        [...ascending("/workspaceId"), { path: "/timestamp", order: "descending" }],
        [...ascending("/workspaceId", "/tenantId"), { path: "/timestamp", order: "descending" }],
        [...ascending("/workspaceId", "/action"), { path: "/timestamp", order: "descending" }],
      ],
    },
  },
  backups: { id: "backups", partitionKeyPath: "/workspaceId", indexingPolicy: defaultPolicy(["/payload/*"]) },
  restores: { id: "restores", partitionKeyPath: "/workspaceId", indexingPolicy: defaultPolicy(["/items/*"]) },
  notifications: {
    id: "notifications",
    partitionKeyPath: "/workspaceId",
    indexingPolicy: {
      ...defaultPolicy(),
      // The one list query: a recipient's notifications, newest first (notificationContainer.ts).
      compositeIndexes: [[...ascending("/recipientUserId"), { path: "/createdAt", order: "descending" }]],
    },
  },
};

export type Containers = Readonly<Record<ContainerName, Container>>;

/** Handles to every container, without touching the service. */
export function containersOf(database: Database): Containers {
  return Object.fromEntries(containerNames.map((name) => [name, database.container(name)])) as Record<
    ContainerName,
    Container
  >;
}

/** Creates the database and any missing container with its definition; existing ones are left as they are. */
export async function ensureContainers(client: CosmosClient, databaseId: string): Promise<Containers> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const name of containerNames) {
    const def = containerDefinitions[name];
    await database.containers.createIfNotExists({
      id: def.id,
      partitionKey: { paths: [def.partitionKeyPath] },
      indexingPolicy: def.indexingPolicy,
    });
  }
  return containersOf(database);
}
