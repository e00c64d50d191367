// The REAL local stack for browser tests, in-process and on free ports, the way `npm start` (local/start.ts)
// assembles it: Azurite, the local Cosmos server seeded with the demo workspace, the Graph simulator with
// its demo tenants, and the Functions host running the built app with the SWA front door (dashboard,
// /.auth, /api on one origin).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { LOCAL_COSMOS_KEY, startCosmosServer } from "../../../local/cosmos/startCosmosServer.js";
import { startGraphSim } from "../../../local/graph-sim/startGraphSim.js";
import { loadLocalSettings } from "../../../local/host/appConfig.js";
import { FunctionsHost } from "../../../local/host/functionsHost.js";
import { seedDemoWorkspace } from "../../../local/seed/seedDemo.js";
import { createSwaFrontDoor } from "../../../local/swa/createSwaFrontDoor.js";
import { loadSettings } from "../../../shared/config/settings.js";
import { createCosmosStore } from "../../../shared/store/cosmosStore.js";
import { startTestAzurite } from "../../support/azurite.js";

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

/** Builds the app unless dist is newer than every source it compiles (as tests/api/hostHttp does). */
function ensureAppBuilt(): void {
  const built = existsSync(path.join(root, "dist/functions")) ? newestMtime(path.join(root, "dist")) : 0;
  const sources = Math.max(
    ...["functions", "orchestrations", "shared", "local"].map((d) => newestMtime(path.join(root, d))),
  );
  if (built >= sources) return;
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}

export interface RealStack {
  url: string;
  log: string[];
  stop(): Promise<void>;
}

/** Sets process.env for the app (this test file runs in its own forked worker, so nothing leaks). */
export async function startRealStack(webRoot: string): Promise<RealStack> {
  ensureAppBuilt();
  const stops: (() => Promise<void>)[] = [];
  const log: string[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const azurite = await startTestAzurite();
    stops.push(() => azurite.stop());
    const cosmos = await startCosmosServer();
    stops.push(() => cosmos.close());
    const sim = await startGraphSim({ port: 0 });
    stops.push(() => sim.close());
    const scratch = mkdtempSync(path.join(tmpdir(), "web-real-"));
    stops.push(() => {
      rmSync(scratch, { recursive: true, force: true });
      return Promise.resolve();
    });
    const caFile = path.join(scratch, "graph-sim-ca.pem");
    writeFileSync(caFile, sim.caCertPem);
    Object.assign(process.env, {
      AzureWebJobsStorage: azurite.connectionString,
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: LOCAL_COSMOS_KEY,
      COSMOS_DATABASE: "web-real",
      GRAPH_BASE_URL: sim.url,
      GRAPH_AUTHORITY_HOST: sim.authorityHost,
      GRAPH_AUTHORITY_CA_FILE: caFile,
      API_AUTH_ISSUER: sim.issuerTemplate,
      API_AUTH_JWKS_URL: sim.jwksUrl,
      LOG_LEVEL: "warn",
    });
    // The rest (client id and secret, trust of the front door's principal...) from the example settings.
    loadLocalSettings(root);
    const store = await createCosmosStore(loadSettings(process.env));
    try {
      await seedDemoWorkspace(store.directory);
    } finally {
      store.dispose();
    }
    const host = await FunctionsHost.start({
      appDir: root,
      port: 0,
      frontDoor: createSwaFrontDoor({ webRoot }),
      log: (line) => {
        log.push(line);
      },
    });
    stops.push(() => host.stop());
    return { url: host.url, log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
