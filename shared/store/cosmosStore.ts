// Composition of the Cosmos-backed adapters from validated settings: one client, the containers (created
// when COSMOS_ENSURE_CONTAINERS is on), the run ledger, the directory and the audit log.
import type { CosmosClient } from "@azure/cosmos";

import type { Settings } from "../config/settings.js";
import type { Clock } from "../ports/clock.js";
import { createCosmosClient, type CosmosClientOptions, type CosmosSettings } from "./cosmosClient.js";
import { containersOf, ensureContainers, type Containers } from "./containers.js";
import { CosmosAuditLog } from "./CosmosAuditLog.js";
import { CosmosDirectoryStore } from "./CosmosDirectoryStore.js";
import { CosmosRunFailureLog } from "./CosmosRunFailureLog.js";
import { CosmosRunLedger } from "./CosmosRunLedger.js";
import { cosmosCall } from "./cosmosErrors.js";

export interface CosmosStore {
  client: CosmosClient;
  containers: Containers;
  runLedger: CosmosRunLedger;
  failureLog: CosmosRunFailureLog;
  directory: CosmosDirectoryStore;
  auditLog: CosmosAuditLog;
  dispose(): void;
}

export interface CosmosStoreOptions extends CosmosClientOptions {
  clock?: Clock;
}

export async function createCosmosStore(
  settings: CosmosSettings & Partial<Pick<Settings, "ASSIGNMENT_COOLDOWN_MINUTES">>,
  options: CosmosStoreOptions = {},
): Promise<CosmosStore> {
  const client = createCosmosClient(settings, options);
  const containers = settings.COSMOS_ENSURE_CONTAINERS
    ? await cosmosCall("ensure containers", () => ensureContainers(client, settings.COSMOS_DATABASE))
    : containersOf(client.database(settings.COSMOS_DATABASE));
  const failureLog = new CosmosRunFailureLog(containers.failures, options.clock);
  return {
    client,
    containers,
    failureLog,
    runLedger: new CosmosRunLedger({
      container: containers.runs,
      failureLog,
      cooldownMinutes: settings.ASSIGNMENT_COOLDOWN_MINUTES ?? 15,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
    directory: new CosmosDirectoryStore(containers.directory),
    auditLog: new CosmosAuditLog(containers.audits),
    dispose: () => {
      client.dispose();
    },
  };
}
