// Builds the CosmosClient from validated settings. Locally it talks to @vercel/cosmosdb-server: a
// self-signed (expired) certificate accepted only when COSMOS_ALLOW_INSECURE_TLS is set, keep-alive sockets,
// and no endpoint discovery (the local account has no regions to discover). In Azure: key or managed identity.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

import { CosmosClient, type RetryOptions } from "@azure/cosmos";
import { DefaultAzureCredential } from "@azure/identity";

import type { Settings } from "../config/settings.js";

export type CosmosSettings = Pick<
  Settings,
  | "COSMOS_ENDPOINT"
  | "COSMOS_KEY"
  | "COSMOS_DATABASE"
  | "COSMOS_ALLOW_INSECURE_TLS"
  | "COSMOS_ENSURE_CONTAINERS"
>;

export interface CosmosClientOptions {
  /**
   * Throttling (429) retry policy of the SDK; after it gives up the store answers `store_unavailable`.
   * Defaults to the SDK's (9 attempts, 30 s).
   */
  retryOptions?: RetryOptions;
  /** Upper bound of parallel sockets to a local endpoint (TLS handshakes are the cost on a small machine). */
  maxSockets?: number;
}

export function createCosmosClient(
  settings: CosmosSettings,
  options: CosmosClientOptions = {},
): CosmosClient {
  const endpoint = settings.COSMOS_ENDPOINT;
  const local = settings.COSMOS_ALLOW_INSECURE_TLS || endpoint.startsWith("http:");
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agent = !local
    ? undefined
    : endpoint.startsWith("http:")
      ? new HttpAgent(agentOptions)
      : new HttpsAgent({ ...agentOptions, rejectUnauthorized: false });
  return new CosmosClient({
    endpoint,
    ...(settings.COSMOS_KEY === undefined
      ? { aadCredentials: new DefaultAzureCredential() }
      : { key: settings.COSMOS_KEY }),
    ...(agent === undefined ? {} : { agent }),
    connectionPolicy: {
      enableEndpointDiscovery: !local,
      ...(options.retryOptions === undefined ? {} : { retryOptions: options.retryOptions }),
    },
    userAgentSuffix: "intune-ops-ledger",
  });
}
