// `npm start`: the local stack as a list of services started in order and stopped in reverse on Ctrl-C.
// Add a service (Cosmos server, Graph simulator) by appending to `services`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startAzurite } from "./azurite.js";
import { FunctionsHost } from "./host/functionsHost.js";

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
    name: "functions host",
    async start() {
      const host = await FunctionsHost.start({ appDir: repoRoot, port: envPort("LOCAL_HOST_PORT", 7071) });
      return {
        urls: { api: `${host.url}/api`, durable: `${host.url}/runtime/webhooks/durabletask/instances` },
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
try {
  for (const service of services) {
    running.push({ name: service.name, service: await service.start() });
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll(1);
}
process.stdout.write(`\nLocal stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s:\n`);
for (const { name, service } of running) {
  for (const [label, url] of Object.entries(service.urls))
    process.stdout.write(`  ${name} ${label}: ${url}\n`);
}
process.stdout.write("Press Ctrl-C to stop.\n");
