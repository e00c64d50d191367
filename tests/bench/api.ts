// `npm run bench:api`: `GET /api/workspaces/{ws}/runs?limit=50` (first page, newest first) through the real
// API handler over HTTP on the local Functions host (the built app, bearer token verified with jose against
// a JWKS, membership checked in the directory), with 1,000 and then 20,000 runs in the workspace. In the same
// run, interleaved request by request, the store's own query (CosmosRunLedger.list, the call the handler
// makes: same partition, filters, order and page size) is timed from this process against the same local
// Cosmos server, so `app_overhead_ms` = API latency − store latency at the same percentile. The Cosmos
// server and the host run as child processes, so this process only measures.
// Prints one JSON object; goals: app_overhead_ms (p95, the larger of both sizes) ≤ 10 and scan_growth_ratio
// (API p50 at 20,000 over 1,000) ≤ 25. BENCH_API_SAMPLES (default 100) requests per size and path.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

import { LOCAL_COSMOS_KEY } from "../../local/cosmos/startCosmosServer.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { createCosmosStore } from "../../shared/store/cosmosStore.js";
import { startTestAzurite } from "../support/azurite.js";
import { startTestHost } from "../support/host.js";
import { startTokenIssuer, testAudience, testTenantId } from "../api/support/tokenIssuer.js";

const root = path.resolve(import.meta.dirname, "../..");
const sizes = [1_000, 20_000];
const samples = Number(process.env.BENCH_API_SAMPLES ?? "100");
const warmup = 10;
const pageSize = 50;
const workspaceId = "ws-bench";
const clientId = "44444444-4444-4444-8444-444444444444";

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
const round = (v: number): number => Math.round(v * 100) / 100;

/** The local Cosmos server in its own process (built `dist/local/cosmos/serve.js`); resolves its endpoint. */
async function startCosmosChild(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, "dist/local/cosmos/serve.js"), "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`cosmos server exited (${String(code)})`));
    });
    lines.once("line", resolve);
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => {
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

function runDocument(i: number): OperationRun {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `run-${String(i).padStart(6, "0")}`,
    docType: "run",
    workspaceId,
    tenantId: i % 3 === 0 ? "tenant-b" : "tenant-a",
    userId: "user-operator",
    initiatorName: "Bench Operator",
    type: i % 4 === 0 ? "restore.execute" : "backup_set.create",
    status: "completed",
    outcome: i % 10 === 0 ? "partially_succeeded" : "succeeded",
    runIdentityHash: createHash("sha256").update(String(i)).digest("hex"),
    summaryCounts: { total: 40, processed: 40, succeeded: 38, failed: 2, skipped: 0 },
    failureSummary: [
      { code: "assignments.fetch.item", reasonCode: "graph_throttled", message: "Throttled", itemId: "p-1" },
    ],
    context: { backupSetId: `bs-${String(i)}`, selection: { policyTypes: ["deviceConfigurations"] } },
    createdAt,
    updatedAt: createdAt,
    startedAt: createdAt,
    completedAt: createdAt,
  };
}

execFileSync(
  process.execPath,
  [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (!existsSync(path.join(root, "dist/functions/runs-list.js"))) throw new Error("build the app first");

const [cosmos, azurite, issuer] = await Promise.all([
  startCosmosChild(),
  startTestAzurite(),
  startTokenIssuer(),
]);
const cosmosSettings = {
  COSMOS_ENDPOINT: cosmos.endpoint,
  COSMOS_KEY: LOCAL_COSMOS_KEY,
  COSMOS_DATABASE: "bench-api",
  COSMOS_ALLOW_INSECURE_TLS: true,
  COSMOS_ENSURE_CONTAINERS: true,
};
const store = await createCosmosStore(cosmosSettings);
let host: Awaited<ReturnType<typeof startTestHost>> | null = null;
try {
  await store.directory.ensureWorkspace({
    id: workspaceId,
    docType: "workspace",
    workspaceId,
    name: "Bench MSP",
    createdAt: new Date().toISOString(),
  });
  await store.directory.ensureMembership({
    docType: "membership",
    workspaceId,
    userId: clientId,
    role: "readonly",
    displayName: "Bench client",
    createdAt: new Date().toISOString(),
  });
  host = await startTestHost({
    appDir: root,
    env: {
      ...Object.fromEntries(Object.entries(cosmosSettings).map(([k, v]) => [k, String(v)])),
      AzureWebJobsStorage: azurite.connectionString,
      API_AUTH_ISSUER: issuer.issuerTemplate,
      API_AUTH_JWKS_URL: issuer.jwksUrl,
      API_AUTH_AUDIENCE: testAudience,
      API_AUTH_ALLOWED_TENANTS: testTenantId,
      GRAPH_BASE_URL: "http://127.0.0.1:9",
      RECONCILE_SCHEDULE: "0 0 0 1 1 *",
      BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "",
    },
  });
  const token = await issuer.sign(
    { azp: clientId, idtyp: "app", roles: ["Workspace.Read"] },
    { expiresIn: "2h" },
  );
  const url = `${host.url}/api/workspaces/${workspaceId}/runs?limit=${String(pageSize)}`;
  const apiPage = async (): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[] };
    const ms = performance.now() - t0;
    if (res.status !== 200 || body.items?.length !== pageSize) {
      throw new Error(`GET runs answered ${String(res.status)} with ${String(body.items?.length)} items`);
    }
    return ms;
  };
  const storePage = async (): Promise<number> => {
    const t0 = performance.now();
    const page = await store.runLedger.list(workspaceId, {}, pageSize, null);
    const ms = performance.now() - t0;
    if (page.items.length !== pageSize) throw new Error("store page is short");
    return ms;
  };

  const figures: Record<string, unknown> = {};
  const apiP50: number[] = [];
  let written = 0;
  for (const size of sizes) {
    const seedStart = performance.now();
    while (written < size) {
      const batch = Array.from({ length: Math.min(200, size - written) }, (_, k) => written + k);
      await Promise.all(batch.map((i) => store.containers.runs.items.create(runDocument(i))));
      written += batch.length;
    }
    const seedMs = performance.now() - seedStart;
    for (let i = 0; i < warmup; i++) {
      await apiPage();
      await storePage();
    }
    const api: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < samples; i++) {
      // Alternate the order so neither path always runs on a just-warmed connection.
      if (i % 2 === 0) {
        api.push(await apiPage());
        own.push(await storePage());
      } else {
        own.push(await storePage());
        api.push(await apiPage());
      }
    }
    const paired = api.map((ms, i) => ms - (own[i] ?? Number.NaN));
    const p50 = percentile(api, 50);
    const p95 = percentile(api, 95);
    const s50 = percentile(own, 50);
    const s95 = percentile(own, 95);
    apiP50.push(p50);
    figures[`runs_${String(size)}`] = {
      samples,
      seed_ms: Math.round(seedMs),
      api_p50_ms: round(p50),
      api_p95_ms: round(p95),
      store_p50_ms: round(s50),
      store_p95_ms: round(s95),
      app_overhead_ms: { p50: round(p50 - s50), p95: round(p95 - s95) },
      // The same, request by request (API call minus the store call next to it), for a noisy machine.
      app_overhead_paired_ms: {
        p50: round(percentile(paired, 50)),
        p95: round(percentile(paired, 95)),
      },
    };
  }
  const [small, large] = sizes.map(
    (s) => figures[`runs_${String(s)}`] as { app_overhead_ms: { p95: number } },
  );
  const ratio = (apiP50[1] ?? Number.NaN) / (apiP50[0] ?? Number.NaN);
  console.log(
    JSON.stringify({
      bench: "api",
      route: `GET /api/workspaces/{ws}/runs?limit=${String(pageSize)}`,
      via: "HTTP, local Functions host, bearer token",
      ...figures,
      app_overhead_ms: Math.max(
        small?.app_overhead_ms.p95 ?? Number.NaN,
        large?.app_overhead_ms.p95 ?? Number.NaN,
      ),
      app_overhead_goal_ms: 10,
      scan_growth_ratio: round(ratio),
      scan_growth_goal: 25,
      // Context for the figures: on a shared, loaded machine every hop (and so the overhead) grows.
      machine: { cpus: cpus().length, loadavg_1m: round(loadavg()[0] ?? 0) },
    }),
  );
} finally {
  store.dispose();
  await host?.stop();
  await Promise.allSettled([cosmos.stop(), azurite.stop(), issuer.stop()]);
}
