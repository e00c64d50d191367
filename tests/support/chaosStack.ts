// The whole local stack for chaos and secret tests, with every part replaceable while work runs: Azurite on
// fixed ports and a kept data folder (graceful restart), the local Cosmos server behind a fault proxy (the
// host talks through it, the test reads directly), the Graph simulator with extra generated tenants, and the
// local Functions host running the built app (SIGKILL and restart on the same port). Every host's output and
// every API answer are kept for leak scans.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { startAzurite, type AzuriteHandle } from "../../local/azurite.js";
import { freePort } from "../../local/freePort.js";
import { demoApiApp, demoGraphApp, demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { seedDemoWorkspace } from "../../local/seed/seedDemo.js";
import type { Fixture } from "../../local/graph-sim/fixtureSchema.js";
import { generateTenant } from "../../local/graph-sim/generateTenant.js";
import { targetKey } from "../../local/graph-sim/simState.js";
import { demoGraphAppRoles } from "../../local/graph-sim/startGraphSim.js";
import { tenantSchema } from "../../shared/domain/directory.js";
import { CosmosDirectoryStore } from "../../shared/store/CosmosDirectoryStore.js";
import { startCosmosChaosProxy, type CosmosChaosProxy } from "./cosmosChaosProxy.js";
import { startTestCosmos, type TestCosmos } from "./cosmos.js";
import { startTestGraphSim, type Json, type TestGraphSim } from "./graphSim.js";
import { startTestHost, type TestHost } from "./host.js";
import { stackHostEnv } from "../e2e/stack.js";

const root = path.resolve(import.meta.dirname, "../..");

export interface ChaosTenant {
  id: string;
  externalId: string;
  displayName: string;
}

export interface ChaosApiAnswer {
  status: number;
  body: Json;
  text: string;
}

export interface ChaosStackOptions {
  /** Generated simulator tenants added to the two demo tenants (same group and policy names, own seeds). */
  generatedTenants?: number;
  generatedPolicies?: number;
  /** Settings for the host on top of the stack's (telemetry, secrets). */
  hostEnv?: Record<string, string>;
  /** The Graph app's client secret (registered in every simulator tenant); defaults to the demo one. */
  graphClientSecret?: string;
}

export interface ChaosStack {
  sim: TestGraphSim;
  /** Direct client of the local Cosmos server (the host goes through `cosmosProxy`). */
  cosmos: TestCosmos;
  cosmosProxy: CosmosChaosProxy;
  azurite(): AzuriteHandle;
  host(): TestHost;
  directory: CosmosDirectoryStore;
  tenants: ChaosTenant[];
  workspaceId: string;
  /** Every line every host printed, across restarts. */
  hostOutput(): string[];
  /** Every API answer body received, verbatim. */
  apiBodies: string[];
  api(method: string, apiPath: string, body?: unknown): Promise<ChaosApiAnswer>;
  /** SIGKILL the host and start a new one on the same port with the same settings. */
  killAndRestartHost(): Promise<void>;
  /** Stop Azurite gracefully and start it again on the same ports and data; answers the stop's duration (ms). */
  restartAzurite(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The generator may give one policy two targets Graph keeps only once (e.g. "all devices" with and without a
 * filter); Graph cannot hold that state (/assign keeps the first per target type and group), so neither may
 * a fixture whose restores are compared with the expected result.
 */
function graphHoldable(fixture: Fixture): Fixture {
  return {
    ...fixture,
    policies: (fixture.policies ?? []).map((p) => ({
      ...p,
      assignments: (p.assignments ?? []).filter(
        (a, i, all) => all.findIndex((b) => targetKey(b.target) === targetKey(a.target)) === i,
      ),
    })),
  };
}

export async function startChaosStack(options: ChaosStackOptions = {}): Promise<ChaosStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "chaos-"));
  const azuriteDir = path.join(dir, "azurite");
  const azuritePorts = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const [firstAzurite, cosmos, sim] = await Promise.all([
    startAzurite({ dataDir: azuriteDir, ports: azuritePorts }),
    startTestCosmos(),
    startTestGraphSim(),
  ]);
  let azurite = firstAzurite;
  const cosmosProxy = await startCosmosChaosProxy(cosmos.endpoint);
  const caFile = path.join(dir, "graph-sim-ca.pem");
  writeFileSync(caFile, sim.caCertPem);
  const graphClientSecret = options.graphClientSecret ?? demoGraphApp.clientSecret;

  const directory = new CosmosDirectoryStore(cosmos.containers.directory);
  await seedDemoWorkspace(directory);
  const workspaceId = demoWorkspace.id;
  const tenants: ChaosTenant[] = demoTenants.map((t) => ({ ...t }));
  for (let i = 0; i < (options.generatedTenants ?? 0); i++) {
    const externalId = randomUUID();
    const fixture = generateTenant({
      tenantId: externalId,
      displayName: `Chaos ${String(i + 1)}`,
      policies: options.generatedPolicies ?? 20,
      seed: 101 + i,
      groups: 12,
      filters: 3,
      maxAssignments: 3,
    });
    const generated = await sim.admin("POST", "tenants", graphHoldable(fixture));
    if (generated.status !== 201) throw new Error(`generate tenant: ${JSON.stringify(generated.body)}`);
    const tenant = { id: `tenant-chaos-${String(i + 1)}`, externalId, displayName: `Chaos ${String(i + 1)}` };
    await directory.createTenant(
      tenantSchema.parse({
        ...tenant,
        docType: "tenant",
        workspaceId,
        credentialRef: "graph-client-secret",
        backupSchedule: null,
        createdAt: new Date().toISOString(),
      }),
    );
    tenants.push(tenant);
  }
  if (graphClientSecret !== demoGraphApp.clientSecret) {
    for (const t of tenants) {
      const res = await sim.admin("PUT", `tenants/${t.externalId}/apps`, {
        clientId: demoGraphApp.clientId,
        clientSecret: graphClientSecret,
        roles: [...demoGraphAppRoles],
      });
      if (res.status !== 200) throw new Error(`register app: ${JSON.stringify(res.body)}`);
    }
  }
  const client = demoApiApp.externalClient;

  const env: Record<string, string> = {
    ...stackHostEnv({
      storage: azurite.connectionString,
      cosmosEndpoint: cosmosProxy.endpoint,
      cosmosDatabase: cosmos.settings.COSMOS_DATABASE,
      sim,
      caFile,
      graphClientSecret,
      taskHubPrefix: "Chaos",
    }),
    ASSIGNMENT_COOLDOWN_MINUTES: "15",
    RECONCILE_SCHEDULE: "0 0 0 1 1 *",
    BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *",
    APPLICATIONINSIGHTS_CONNECTION_STRING: "",
    ...options.hostEnv,
  };
  const outputs: string[][] = [];
  const start = async (port?: number): Promise<TestHost> => {
    const h = await startTestHost({
      appDir: root,
      leaseSeconds: 2,
      env,
      ...(port === undefined ? {} : { port }),
    });
    outputs.push(h.output);
    return h;
  };
  let host = await start();

  const issued = await sim.token(
    demoTenants[0].externalId,
    client.clientId,
    client.clientSecret,
    `${demoApiApp.audience}/.default`,
  );
  const token = String(issued.body.access_token);
  const apiBodies: string[] = [];
  const api = async (method: string, apiPath: string, body?: unknown): Promise<ChaosApiAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(`${host.url}${apiPath}`, init);
    const text = await res.text();
    apiBodies.push(text);
    let parsed: Json = null;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text };
  };

  return {
    sim,
    cosmos,
    cosmosProxy,
    azurite: () => azurite,
    host: () => host,
    directory,
    tenants,
    workspaceId,
    hostOutput: () => outputs.flat(),
    apiBodies,
    api,
    killAndRestartHost: async () => {
      const port = host.port;
      await host.kill();
      host = await start(port);
    },
    restartAzurite: async () => {
      // Graceful: SIGTERM and wait for Azurite to save and exit, however loaded the machine is (its own
      // stop() turns to SIGKILL after 5 s, which loses its last writes; real Storage never does that).
      const child = azurite.child;
      const stopping = Date.now();
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.once("exit", (code, signal) => {
          resolve(signal ?? code);
        }),
      );
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const how = await exited;
      clearTimeout(timer);
      if (how === "SIGKILL") throw new Error("Azurite did not stop within 60 s of SIGTERM");
      const stopMs = Date.now() - stopping;
      azurite = await startAzurite({ dataDir: azuriteDir, ports: azuritePorts });
      return stopMs;
    },
    stop: async () => {
      await host.stop();
      await Promise.allSettled([sim.close(), cosmosProxy.close(), cosmos.close(), azurite.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
