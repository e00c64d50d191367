// The REAL local stack for browser tests: `npm start` itself (dist/local/start.js: Azurite, the local Cosmos
// server seeded with the demo workspace, the Graph simulator, the Functions host running the built app with
// the SWA front door — dashboard, /.auth and /api on one origin), as a child process on free ports with its
// own Durable task hub. The app runs in a plain Node process: loaded inside a vitest worker, its
// @azure/functions would be another module instance than the host's.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { freePort } from "../../../local/freePort.js";

const root = path.resolve(import.meta.dirname, "../../..");

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|js)$/.test(entry.name))
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `npm start` builds first; here: build the app unless dist is newer than every source it compiles. */
function ensureAppBuilt(): void {
  const built = existsSync(path.join(root, "dist/local/start.js")) ? newestMtime(path.join(root, "dist")) : 0;
  const sources = Math.max(
    ...["functions", "orchestrations", "shared", "local"].map((d) => newestMtime(path.join(root, d))),
  );
  if (built >= sources) return;
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}

export interface RealStack {
  /** The one origin: dashboard, /.auth and /api. */
  url: string;
  /** The Graph simulator's admin API (faults, counters), e.g. `http://127.0.0.1:7100/_admin`. */
  simAdminUrl: string;
  /** The local Cosmos server the app uses (seeded demo workspace), and its database. */
  cosmosEndpoint: string;
  cosmosDatabase: string;
  output: string[];
  stop(): Promise<void>;
}

/** The database `npm start` uses: local.settings.json's, else the example's. */
function localSettingsDatabase(): string {
  if (process.env.COSMOS_DATABASE) return process.env.COSMOS_DATABASE;
  for (const file of ["local.settings.json", "local.settings.example.json"]) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const parsed = JSON.parse(readFileSync(full, "utf8")) as { Values?: Record<string, string> };
    const name = parsed.Values?.COSMOS_DATABASE;
    if (name) return name;
  }
  return "intune-ops";
}

export async function startRealStack(timeoutMs = 150_000): Promise<RealStack> {
  ensureAppBuilt();
  const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const [blob, queue, table, cosmos, graph, host] = ports.map(String);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "dist/local/start.js")], {
    cwd: root,
    env: {
      ...process.env,
      AZURITE_BLOB_PORT: blob,
      AZURITE_QUEUE_PORT: queue,
      AZURITE_TABLE_PORT: table,
      COSMOS_PORT: cosmos,
      GRAPH_SIM_PORT: graph,
      LOCAL_HOST_PORT: host,
      DURABLE_TASK_HUB: `Web${randomUUID().replace(/-/g, "").slice(0, 12)}`,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const ready = await new Promise<{ url: string; simAdminUrl: string; cosmosEndpoint: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`npm start not ready:\n${output.join("")}`));
      }, timeoutMs);
      let text = "";
      const onData = (chunk: Buffer): void => {
        output.push(chunk.toString());
        text += chunk.toString();
        const dashboard = /functions host dashboard: (http:\/\/\S+?)\/?\s/.exec(text)?.[1];
        const admin = /graph simulator admin: (http:\/\/\S+)\s/.exec(text)?.[1];
        const cosmos = /cosmos endpoint: (https?:\/\/\S+)\s/.exec(text)?.[1];
        if (dashboard && admin && cosmos && text.includes("Press Ctrl-C")) {
          clearTimeout(timer);
          resolve({ url: dashboard, simAdminUrl: admin, cosmosEndpoint: cosmos });
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`npm start exited:\n${output.join("")}`));
      });
    },
  ).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { ...ready, cosmosDatabase: localSettingsDatabase(), output, stop };
}
