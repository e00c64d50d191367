// `npm start`: the local stack as a list of services started in order and stopped in reverse on Ctrl-C:
// Azurite, the local Cosmos server (seeded), the Graph simulator, then the Functions host running the built
// app with the dashboard and the Static Web Apps auth emulation in front, all on one origin.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ConfigError, loadSettings } from "../shared/config/settings.js";
import { createCosmosStore } from "../shared/store/cosmosStore.js";
import { startAzurite } from "./azurite.js";
import { startCosmosServer } from "./cosmos/startCosmosServer.js";
import { startGraphSim } from "./graph-sim/startGraphSim.js";
import { FunctionsHost } from "./host/functionsHost.js";
import { loadLocalSettings } from "./host/appConfig.js";
import { seedDemoWorkspace } from "./seed/seedDemo.js";
import { createSwaFrontDoor } from "./swa/createSwaFrontDoor.js";

interface RunningService {
  urls: Record<string, string>;
  stop(): Promise<void>;
}

interface Service {
  name: string;
  start(): Promise<RunningService>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const envPort = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

const services: Service[] = [
  {
    name: "azurite",
    async start() {
      const azurite = await startAzurite({
        dataDir: path.join(repoRoot, ".local-data", "azurite"),
        ports: {
          blob: envPort("AZURITE_BLOB_PORT", 10000),
          queue: envPort("AZURITE_QUEUE_PORT", 10001),
          table: envPort("AZURITE_TABLE_PORT", 10002),
        },
      });
      process.env.AzureWebJobsStorage = azurite.connectionString;
      return {
        urls: {
          tables: `http://127.0.0.1:${azurite.ports.table}`,
          queues: `http://127.0.0.1:${azurite.ports.queue}`,
        },
        stop: () => azurite.stop(),
      };
    },
  },
  {
    name: "cosmos",
    async start() {
      const cosmos = await startCosmosServer({ port: envPort("COSMOS_PORT", 8081) });
      process.env.COSMOS_ENDPOINT = cosmos.endpoint;
      // The local server keeps documents in memory: seed the demo workspace on every start.
      const settings = loadSettings(process.env);
      const store = await createCosmosStore(settings);
      try {
        const report = await seedDemoWorkspace(store.directory);
        process.stdout.write(`seed: demo workspace ready (${String(report.created)} created)\n`);
      } finally {
        store.dispose();
      }
      return { urls: { endpoint: cosmos.endpoint }, stop: () => cosmos.close() };
    },
  },
  {
    name: "graph simulator",
    async start() {
      const sim = await startGraphSim({ port: envPort("GRAPH_SIM_PORT", 7100) });
      const caFile = path.join(repoRoot, ".local-data", "graph-sim-ca.pem");
      mkdirSync(path.dirname(caFile), { recursive: true });
      writeFileSync(caFile, sim.caCertPem);
      Object.assign(process.env, {
        GRAPH_BASE_URL: sim.url,
        GRAPH_AUTHORITY_HOST: sim.authorityHost,
        GRAPH_AUTHORITY_CA_FILE: caFile,
        API_AUTH_ISSUER: sim.issuerTemplate,
        API_AUTH_JWKS_URL: sim.jwksUrl,
      });
      return {
        urls: { graph: sim.url, authority: sim.authorityHost, admin: `${sim.url}/_admin` },
        stop: () => sim.close(),
      };
    },
  },
  {
    name: "functions host",
    async start() {
      const host = await FunctionsHost.start({
        appDir: repoRoot,
        port: envPort("LOCAL_HOST_PORT", 7071),
        frontDoor: createSwaFrontDoor({ webRoot: path.join(repoRoot, "web", "dist") }),
      });
      return {
        urls: {
          dashboard: `${host.url}/`,
          api: `${host.url}/api`,
          openapi: `${host.url}/api/openapi.json`,
          durable: `${host.url}/runtime/webhooks/durabletask/instances`,
        },
        stop: () => host.stop(),
      };
    },
  },
];

const running: { name: string; service: RunningService }[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  for (const { name, service } of running.reverse()) {
    await service.stop().catch((err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (!stopping) void stopAll(0);
  });
}

const started = Date.now();
// Settings come from local.settings.json (else the example file); the services below override endpoints.
loadLocalSettings(repoRoot);
try {
  for (const service of services) {
    running.push({ name: service.name, service: await service.start() });
  }
} catch (err) {
  // One line, never a stack trace: a bad setting names itself, a busy port names the port.
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message}\n`);
  await stopAll(1);
}
process.stdout.write(`\nLocal stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s:\n`);
for (const { name, service } of running) {
  for (const [label, url] of Object.entries(service.urls))
    process.stdout.write(`  ${name} ${label}: ${url}\n`);
}
process.stdout.write("Press Ctrl-C to stop.\n");
