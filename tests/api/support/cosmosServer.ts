// Starts @vercel/cosmosdb-server over plain HTTP on an ephemeral port (its bundled TLS certificate has
// expired) and hands out a Cosmos client for it, with endpoint discovery off.
import type { AddressInfo } from "node:net";

import { type Container, type ContainerDefinition, CosmosClient, type Database } from "@azure/cosmos";
import { createHttpServer } from "@vercel/cosmosdb-server";

/** The public emulator key; the local server accepts any key. */
const emulatorKey =
  "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

export interface LocalCosmos {
  endpoint: string;
  client: CosmosClient;
  database: Database;
  container(definition: ContainerDefinition): Promise<Container>;
  stop(): Promise<void>;
}

export async function startLocalCosmos(databaseId = "api-tests"): Promise<LocalCosmos> {
  const server = createHttpServer({ keepAlive: true });
  // Node closes idle keep-alive sockets after 5 s, racing the client's reuse of them (ECONNRESET).
  server.keepAliveTimeout = 10 * 60 * 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new CosmosClient({
    endpoint,
    key: emulatorKey,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  return {
    endpoint,
    client,
    database,
    async container(definition) {
      const { container } = await database.containers.createIfNotExists(definition);
      return container;
    },
    async stop() {
      client.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
