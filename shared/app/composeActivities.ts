// The composition root of the Durable activities (and of the API's backup/restore routes): from validated
// settings, the Cosmos run ledger, audit log, backup and restore stores, the Graph PolicyGraph adapter with
// the app's credentials, the clock and a sanitized logger. Built synchronously (activities read their
// ports synchronously); when containers are ensured, every store call first waits for that one step.
import type { Container } from "@azure/cosmos";

import type { Settings } from "../config/settings.js";
import { type Tenant, tenantSchema } from "../domain/directory.js";
import { sanitizeMessage } from "../domain/sanitize.js";
import { GraphPolicyGraph } from "../graph/graphPolicyGraph.js";
import { graphAccessFromSettings } from "../graph/graphAccess.js";
import { freshTokenRoles, type TenantRoleSource } from "../graph/permissionCheck.js";
import { createTenantCredential, type GraphCredentialConfig } from "../graph/tenantCredential.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { BackupStore } from "../ports/backupStore.js";
import { type Clock, systemClock } from "../ports/clock.js";
import type { PolicyGraph } from "../ports/policyGraph.js";
import type { RestoreStore } from "../ports/restoreStore.js";
import type { RunFailureLog } from "../ports/runFailureLog.js";
import type { RunLedger } from "../ports/runLedger.js";
import { containersOf, ensureContainers } from "../store/containers.js";
import { CosmosAuditLog } from "../store/CosmosAuditLog.js";
import { CosmosBackupStore } from "../store/CosmosBackupStore.js";
import { createCosmosClient } from "../store/cosmosClient.js";
import { CosmosRestoreStore } from "../store/CosmosRestoreStore.js";
import { CosmosRunFailureLog } from "../store/CosmosRunFailureLog.js";
import { CosmosRunLedger } from "../store/CosmosRunLedger.js";
import { directoryExternalIds, TenantPolicyGraph } from "./tenantGraph.js";
import { telemetryFromSettings } from "../telemetry/deferredTelemetry.js";
import { TelemetryRunLedger } from "../telemetry/telemetryRunLedger.js";

/** What backup and restore work on besides the ledger: stores and Graph. */
export interface RecoveryPorts {
  backups: BackupStore;
  restores: RestoreStore;
  graph: PolicyGraph;
}

/** Structurally the orchestrations' ActivityDeps (shared/ does not import orchestrations/). */
export interface ComposedActivities extends RecoveryPorts {
  ledger: RunLedger;
  failureLog: RunFailureLog;
  audit: AuditLog;
  clock: Clock;
  log: (event: string, properties: Readonly<Record<string, unknown>>) => void;
  /** Roles the app holds in a tenant, from a fresh token (connection verification). */
  connections: TenantRoleSource;
  /** Tenants of every workspace with a backup schedule (the schedule timer's input). */
  scheduledTenants(): Promise<Tenant[]>;
  dispose(): void;
}

export interface ComposeActivitiesOptions {
  clock?: Clock;
  /** Where log lines go; stdout as one JSON line each by default. */
  write?: (line: string) => void;
  /** PEM trusted for the Graph authority (tests); else GRAPH_AUTHORITY_CA_FILE. */
  authorityCaPem?: string;
}

/** Calls of every method wait for `ready` first (the one-time container creation). */
function afterReady<T extends object>(ready: Promise<unknown>, target: T): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      return async (...args: unknown[]) => {
        await ready;
        return fn.apply(obj, args);
      };
    },
  });
}

/** Property values as a log may carry them: scalars only, strings sanitized (no tokens, e-mails, payloads). */
export function sanitizedProperties(
  properties: Readonly<Record<string, unknown>>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || typeof value === "number" || typeof value === "boolean") out[key] = value;
    else if (typeof value === "string") out[key] = sanitizeMessage(value, 200);
    else if (value !== undefined) out[key] = "[object]";
  }
  return out;
}

export function recoveryPorts(
  settings: Settings,
  containers: { backups: Container; restores: Container; directory: Container },
  options: Pick<ComposeActivitiesOptions, "authorityCaPem"> = {},
): RecoveryPorts {
  const graph = (): PolicyGraph =>
    new GraphPolicyGraph(
      graphAccessFromSettings(
        settings,
        options.authorityCaPem === undefined ? {} : { authorityCaPem: options.authorityCaPem },
      ),
    );
  return {
    backups: new CosmosBackupStore(containers.backups),
    restores: new CosmosRestoreStore(containers.restores),
    graph: new TenantPolicyGraph(graph, directoryExternalIds(containers.directory)),
  };
}

export function composeActivities(
  settings: Settings,
  options: ComposeActivitiesOptions = {},
): ComposedActivities {
  const clock = options.clock ?? systemClock;
  const write =
    options.write ??
    ((line: string) => {
      process.stdout.write(`${line}\n`);
    });
  const client = createCosmosClient(settings);
  const containers = containersOf(client.database(settings.COSMOS_DATABASE));
  const ready: Promise<unknown> = settings.COSMOS_ENSURE_CONTAINERS
    ? ensureContainers(client, settings.COSMOS_DATABASE)
    : Promise.resolve();
  // A failed creation surfaces on the first store call; no unhandled rejection before that.
  ready.catch(() => undefined);
  const ports = recoveryPorts(settings, containers, options);
  const externalIds = directoryExternalIds(containers.directory);
  let credential: GraphCredentialConfig | null = null;
  const failureLog = new CosmosRunFailureLog(containers.failures, clock);
  const ledger = new CosmosRunLedger({
    container: containers.runs,
    failureLog,
    cooldownMinutes: settings.ASSIGNMENT_COOLDOWN_MINUTES,
    clock,
  });
  // Activities make most transitions (running, completed): report each one when telemetry is configured.
  const telemetry = telemetryFromSettings(settings);
  return {
    ledger: afterReady(ready, telemetry.enabled ? new TelemetryRunLedger(ledger, telemetry) : ledger),
    audit: afterReady(ready, new CosmosAuditLog(containers.audits)),
    failureLog: afterReady(ready, failureLog),
    backups: afterReady(ready, ports.backups),
    restores: afterReady(ready, ports.restores),
    graph: ports.graph,
    clock,
    connections: {
      grantedRoles: async (tenantId) => {
        await ready;
        const externalId = await externalIds(tenantId);
        // Read on first use (the CA file), like the Graph adapter; one credential per verification.
        credential ??= graphAccessFromSettings(
          settings,
          options.authorityCaPem === undefined ? {} : { authorityCaPem: options.authorityCaPem },
        ).options.credential;
        const config = credential;
        return freshTokenRoles(() => createTenantCredential(externalId, config));
      },
    },
    log: (event, properties) => {
      write(JSON.stringify({ event, ...sanitizedProperties(properties) }));
    },
    scheduledTenants: async () => {
      await ready;
      const { resources } = await containers.directory.items
        .query<Record<string, unknown>>("SELECT * FROM c WHERE c.docType = 'tenant'")
        .fetchAll();
      return resources.flatMap((doc) => {
        const parsed = tenantSchema.safeParse(doc);
        return parsed.success && parsed.data.backupSchedule !== null ? [parsed.data] : [];
      });
    },
    dispose: () => {
      client.dispose();
    },
  };
}
