// Starts the local Cosmos server on a free port for one test file, with a client and the app's containers.
// Call in beforeAll and close in afterAll; nothing is left running.
import type { CosmosClient, RetryOptions } from "@azure/cosmos";

import { LOCAL_COSMOS_KEY, startCosmosServer } from "../../local/cosmos/startCosmosServer.js";
import { createCosmosClient, type CosmosSettings } from "../../shared/store/cosmosClient.js";
import { ensureContainers, type Containers } from "../../shared/store/containers.js";

export interface TestCosmos {
  endpoint: string;
  settings: CosmosSettings;
  client: CosmosClient;
  containers: Containers;
  close(): Promise<void>;
}

export async function startTestCosmos(options: { retryOptions?: RetryOptions } = {}): Promise<TestCosmos> {
  const server = await startCosmosServer();
  const settings: CosmosSettings = {
    COSMOS_ENDPOINT: server.endpoint,
    COSMOS_KEY: LOCAL_COSMOS_KEY,
    COSMOS_DATABASE: "intune-ops-test",
    COSMOS_ALLOW_INSECURE_TLS: true,
    COSMOS_ENSURE_CONTAINERS: true,
  };
  const client = createCosmosClient(
    settings,
    options.retryOptions === undefined ? {} : { retryOptions: options.retryOptions },
  );
  const containers = await ensureContainers(client, settings.COSMOS_DATABASE);
  return {
    endpoint: server.endpoint,
    settings,
    client,
    containers,
    close: async () => {
      client.dispose();
      await server.close();
    },
  };
}
