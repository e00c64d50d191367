// The composition root of the API: builds every adapter once from validated settings — the Cosmos stores
// (run ledger, directory, audit log, notifications, idempotency), the authenticator (SWA client principal,
// Entra bearer tokens against the JWKS) and the health probes. Per-invocation parts (the durable client,
// the invocation's logger) are added by the HTTP trigger adapter.
import { DefaultAzureCredential } from "@azure/identity";
import { QueueServiceClient } from "@azure/storage-queue";

import type { ApiDeps, HealthProbe } from "../api/apiDeps.js";
import { Authenticator } from "../auth/authenticator.js";
import { BearerTokenVerifier } from "../auth/bearerTokenVerifier.js";
import type { Settings } from "../config/settings.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { createCosmosStore } from "../store/cosmosStore.js";
import { idempotencyContainerDefinition } from "../store/idempotencyContainer.js";
import { CosmosIdempotencyStore } from "../store/idempotencyStore.js";
import { withMembershipCache } from "../store/membershipCache.js";
import { CosmosNotificationStore } from "../store/notificationStore.js";
import { telemetryFromSettings } from "../telemetry/deferredTelemetry.js";
import { TelemetryRunLedger } from "../telemetry/telemetryRunLedger.js";
import { recoveryPorts } from "./composeActivities.js";

/** What the composition builds; the trigger adapter adds `orchestration`, `orchestrationStarts`, `logger`. */
export type ComposedApi = Omit<ApiDeps, "orchestration" | "orchestrationStarts" | "logger">;

export interface ApiRuntime {
  deps: ComposedApi;
  dispose(): void;
}

const probeTimeoutMs = 3000;

function storageProbe(settings: Settings): HealthProbe {
  const client =
    settings.AzureWebJobsStorage !== undefined
      ? QueueServiceClient.fromConnectionString(settings.AzureWebJobsStorage)
      : new QueueServiceClient(
          `https://${settings.AzureWebJobsStorage__accountName ?? ""}.queue.core.windows.net`,
          new DefaultAzureCredential(),
        );
  return {
    name: "storage",
    check: async () => {
      await client.listQueues().byPage({ maxPageSize: 1 }).next();
    },
  };
}

function graphProbe(settings: Settings): HealthProbe {
  return {
    name: "graph",
    // Any HTTP answer (even 401) proves Graph is reachable; only network failures count as down.
    check: async () => {
      await fetch(new URL("/v1.0/$metadata", settings.GRAPH_BASE_URL), {
        method: "HEAD",
        signal: AbortSignal.timeout(probeTimeoutMs),
      });
    },
  };
}

export async function composeApi(settings: Settings, options: { clock?: Clock } = {}): Promise<ApiRuntime> {
  const clock = options.clock ?? systemClock;
  const store = await createCosmosStore(settings, { clock });
  const database = store.client.database(settings.COSMOS_DATABASE);
  const idempotencyContainer = settings.COSMOS_ENSURE_CONTAINERS
    ? (await database.containers.createIfNotExists(idempotencyContainerDefinition)).container
    : database.container(idempotencyContainerDefinition.id ?? "idempotency");
  const authenticator = new Authenticator(
    new BearerTokenVerifier({
      issuer: settings.API_AUTH_ISSUER,
      jwksUrl: settings.API_AUTH_JWKS_URL,
      audience: settings.API_AUTH_AUDIENCE,
      allowedTenants: settings.API_AUTH_ALLOWED_TENANTS ?? [],
    }),
    settings.API_TRUST_CLIENT_PRINCIPAL,
  );
  // Every OperationRun transition becomes an Application Insights event when a connection string is set.
  const telemetry = telemetryFromSettings(settings);
  const deps: ComposedApi = {
    authenticator,
    // Found memberships are kept for a few seconds (shared/store/membershipCache.ts).
    directory: withMembershipCache(store.directory),
    ledger: telemetry.enabled ? new TelemetryRunLedger(store.runLedger, telemetry) : store.runLedger,
    audit: store.auditLog,
    failureLog: store.failureLog,
    notifications: new CosmosNotificationStore(store.containers.notifications),
    idempotency: new CosmosIdempotencyStore(idempotencyContainer),
    clock,
    ids: { newId: () => crypto.randomUUID() },
    health: [
      {
        name: "cosmos",
        check: async () => {
          await database.read();
        },
      },
      storageProbe(settings),
      graphProbe(settings),
    ],
    recovery: recoveryPorts(settings, store.containers),
  };
  return {
    deps,
    dispose: () => {
      store.dispose();
    },
  };
}
