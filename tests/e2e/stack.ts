// The whole local stack for end-to-end tests: Azurite, the local Cosmos server, the Graph simulator and the
// local Functions host running the BUILT product app (repo root, dist/ built by `npm run build:app`), with
// the settings pointing at them. Callers authenticate as the simulator's external client app (bearer token,
// Runs.Operate → operator), which the seed step makes an operator member of the demo workspace.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { LOCAL_COSMOS_KEY } from "../../local/cosmos/startCosmosServer.js";
import { demoApiApp, demoGraphApp, demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { seedDemoWorkspace } from "../../local/seed/seedDemo.js";
import { CosmosDirectoryStore } from "../../shared/store/CosmosDirectoryStore.js";
import { startTestAzurite, type TestAzurite } from "../support/azurite.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";
import { startTestGraphSim, type Json, type TestGraphSim } from "../support/graphSim.js";
import { startTestHost, type TestHost } from "../support/host.js";

const root = path.resolve(import.meta.dirname, "../..");

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Json;
}

export interface E2eStack {
  azurite: TestAzurite;
  cosmos: TestCosmos;
  sim: TestGraphSim;
  host: TestHost;
  directory: CosmosDirectoryStore;
  api(method: string, apiPath: string, body?: unknown): Promise<ApiAnswer>;
  /**
   * Polls `GET runs/{id}` of the demo workspace until the run is completed and returns it. Any answer but 200
   * fails at once, unless `acrossRestarts` (the host is being killed and restarted meanwhile).
   */
  waitForRun(runId: string, options?: WaitForRunOptions): Promise<Json>;
  stop(): Promise<void>;
}

export interface WaitForRunOptions {
  timeoutMs?: number;
  pollMs?: number;
  acrossRestarts?: boolean;
}

/** The settings every whole-stack test gives the local host: storage, Cosmos, the Graph simulator, API auth. */
export function stackHostEnv(o: {
  storage: string;
  cosmosEndpoint: string;
  cosmosDatabase: string;
  sim: TestGraphSim;
  caFile: string;
  graphClientSecret: string;
  taskHubPrefix: string;
}): Record<string, string> {
  return {
    AzureWebJobsStorage: o.storage,
    COSMOS_ENDPOINT: o.cosmosEndpoint,
    COSMOS_KEY: LOCAL_COSMOS_KEY,
    COSMOS_DATABASE: o.cosmosDatabase,
    COSMOS_ALLOW_INSECURE_TLS: "true",
    COSMOS_ENSURE_CONTAINERS: "true",
    GRAPH_BASE_URL: o.sim.url,
    GRAPH_AUTHORITY_HOST: o.sim.authorityHost,
    GRAPH_AUTHORITY_CA_FILE: o.caFile,
    GRAPH_CREDENTIAL_MODE: "client_secret",
    GRAPH_CLIENT_ID: demoGraphApp.clientId,
    GRAPH_CLIENT_SECRET: o.graphClientSecret,
    API_AUTH_ISSUER: o.sim.issuerTemplate,
    API_AUTH_JWKS_URL: o.sim.jwksUrl,
    API_AUTH_AUDIENCE: demoApiApp.audience,
    DURABLE_TASK_HUB: `${o.taskHubPrefix}${randomUUID().replace(/-/g, "").slice(0, 10)}`,
  };
}

export async function startE2eStack(extraEnv: Record<string, string> = {}): Promise<E2eStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-"));
  const [azurite, cosmos, sim] = await Promise.all([
    startTestAzurite(),
    startTestCosmos(),
    startTestGraphSim(),
  ]);
  const caFile = path.join(dir, "graph-sim-ca.pem");
  writeFileSync(caFile, sim.caCertPem);
  const directory = new CosmosDirectoryStore(cosmos.containers.directory);
  await seedDemoWorkspace(directory);
  const client = demoApiApp.externalClient;
  const host = await startTestHost({
    appDir: root,
    leaseSeconds: 2,
    env: {
      ...stackHostEnv({
        storage: azurite.connectionString,
        cosmosEndpoint: cosmos.endpoint,
        cosmosDatabase: cosmos.settings.COSMOS_DATABASE,
        sim,
        caFile,
        graphClientSecret: demoGraphApp.clientSecret,
        taskHubPrefix: "E2e",
      }),
      ASSIGNMENT_COOLDOWN_MINUTES: "15",
      RECONCILE_SCHEDULE: "0 0 0 1 1 *",
      BACKUP_SCHEDULE_TIMER: "*/5 * * * * *",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "",
      ...extraEnv,
    },
  });
  const issued = await sim.token(
    demoTenants[0].externalId,
    client.clientId,
    client.clientSecret,
    `${demoApiApp.audience}/.default`,
  );
  const token = String(issued.body.access_token);
  const api = async (method: string, apiPath: string, body?: unknown): Promise<ApiAnswer> => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}` } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    }
    const res = await fetch(`${host.url}${apiPath}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? null : JSON.parse(text) };
  };
  const waitForRun = async (runId: string, options: WaitForRunOptions = {}): Promise<Json> => {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      const res = await api("GET", `/api/workspaces/${demoWorkspace.id}/runs/${runId}`).catch(
        (error: unknown) => {
          if (options.acrossRestarts !== true) throw error;
          return null;
        },
      );
      if (res !== null) {
        if (res.status === 200 && res.body.run.status === "completed") return res.body.run;
        if (res.status !== 200 && options.acrossRestarts !== true)
          throw new Error(`GET run ${runId} → ${String(res.status)}: ${JSON.stringify(res.body)}`);
      }
      if (Date.now() > deadline)
        throw new Error(`run ${runId} not completed: ${JSON.stringify(res?.body ?? null)}`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 300));
    }
  };
  return {
    azurite,
    cosmos,
    sim,
    host,
    directory,
    api,
    waitForRun,
    stop: async () => {
      await host.stop();
      await Promise.allSettled([sim.close(), cosmos.close(), azurite.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
