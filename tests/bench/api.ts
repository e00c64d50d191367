// `npm run bench:api`: `GET /api/workspaces/{ws}/runs?limit=50` (first page, newest first) through the real
// API handler over HTTP on the local Functions host (the built app, bearer token verified with jose against
// a JWKS, membership checked in the directory), with 1,000 and then 20,000 runs in the workspace. Each
// answer carries the store's own time for that request (`Server-Timing: store;dur=`, measured around
// CosmosRunLedger.list in the handler), so `app_overhead_ms` is, request by request, the caller's latency
// minus that store time; the same query is also timed straight from this process between the API calls
// (`direct_store_*`), and the handler is also called in this process without the HTTP hop
// (`handler_overhead_ms`: auth, membership read, parsing, JSON). The Cosmos server and the host run as
// child processes.
// The caller pages with one token, as an external system does: after the first request the API answers
// it from its verified-token cache (until exp) and the membership from its 5 s cache, so a steady caller's
// request does no signature check and one store read, the list. `fresh_token_app_overhead_ms` is the same
// request with a newly signed token each time (signature check included). Where the p95 tail came from
// before (measured): not this process's GC (it rarely overlapped a sample), but the membership read, the
// one other store call, waiting behind the Cosmos emulator's major GC after a 20,000-document scan.
// Prints one JSON object; goals: app_overhead_ms (p95, the larger of both sizes) ≤ 10 and scan_growth_ratio
// (API p50 at 20,000 over 1,000) ≤ 25. BENCH_API_SAMPLES (default 100) requests per size.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

import { LOCAL_COSMOS_KEY } from "../../local/cosmos/startCosmosServer.js";
import { routeNamed } from "../../shared/api/apiRoutes.js";
import { handleApiRequest } from "../../shared/api/handleApiRequest.js";
import { composeApi } from "../../shared/app/compose.js";
import { loadSettings } from "../../shared/config/settings.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { createCosmosStore } from "../../shared/store/cosmosStore.js";
import { startTestAzurite } from "../support/azurite.js";
import { startTestHost } from "../support/host.js";
import { startTokenIssuer, testAudience, testTenantId } from "../api/support/tokenIssuer.js";

const root = path.resolve(import.meta.dirname, "../..");
const sizes = [1_000, 20_000];
const samples = Number(process.env.BENCH_API_SAMPLES ?? "100");
const warmup = 10;
const freshSamples = 30;
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
  const hostEnv: Record<string, string> = {
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
  };
  host = await startTestHost({ appDir: root, env: hostEnv });
  // The same app composed in this process: the handler without the HTTP hop (where the overhead lives).
  const example = JSON.parse(readFileSync(path.join(root, "local.settings.example.json"), "utf8")) as {
    Values: Record<string, string>;
  };
  const inProcess = await composeApi(loadSettings({ ...example.Values, ...hostEnv }));
  const token = await issuer.sign(
    { azp: clientId, idtyp: "app", roles: ["Workspace.Read"] },
    { expiresIn: "2h" },
  );
  const url = `${host.url}/api/workspaces/${workspaceId}/runs?limit=${String(pageSize)}`;
  /** One API page: client-side latency and the store time the handler reported (Server-Timing). */
  const apiPage = async (bearer = token): Promise<{ ms: number; storeMs: number }> => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
    const body = (await res.json()) as { items?: unknown[] };
    const ms = performance.now() - t0;
    if (res.status !== 200 || body.items?.length !== pageSize) {
      throw new Error(`GET runs answered ${String(res.status)} with ${String(body.items?.length)} items`);
    }
    const timing = /store;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
    if (timing?.[1] === undefined) throw new Error("GET runs sent no Server-Timing store duration");
    return { ms, storeMs: Number(timing[1]) };
  };
  const route = routeNamed("runs-list");
  const inProcessPage = async (): Promise<{ ms: number; storeMs: number }> => {
    const t0 = performance.now();
    const res = await handleApiRequest(
      route,
      { ...inProcess.deps, logger: { error: () => undefined }, orchestration: null, orchestrationStarts: {} },
      {
        method: "GET",
        path: `/api/workspaces/${workspaceId}/runs`,
        params: { workspaceId },
        query: new URLSearchParams({ limit: String(pageSize) }),
        headers: { authorization: `Bearer ${token}` },
        body: null,
      },
    );
    JSON.stringify(res.body);
    const ms = performance.now() - t0;
    const timing = /store;dur=([\d.]+)/.exec(res.headers["server-timing"] ?? "");
    if (res.status !== 200 || timing?.[1] === undefined) throw new Error("in-process GET runs failed");
    return { ms, storeMs: Number(timing[1]) };
  };
  /** The same query from this process straight to the store (no HTTP, no auth, no serialization). */
  const storePage = async (): Promise<number> => {
    const t0 = performance.now();
    const page = await store.runLedger.list(workspaceId, {}, pageSize, null);
    const ms = performance.now() - t0;
    if (page.items.length !== pageSize) throw new Error("store page is short");
    return ms;
  };

  const figures: Record<string, unknown> = {};
  const apiP50: number[] = [];
  const overheadP95: number[] = [];
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
      await inProcessPage();
    }
    const handlerOverhead: number[] = [];
    const api: number[] = [];
    const inRequestStore: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < samples; i++) {
      // Alternate the order so neither path always runs on a just-warmed connection.
      if (i % 2 === 1) direct.push(await storePage());
      const page = await apiPage();
      api.push(page.ms);
      inRequestStore.push(page.storeMs);
      if (i % 2 === 0) direct.push(await storePage());
      const handled = await inProcessPage();
      handlerOverhead.push(handled.ms - handled.storeMs);
    }
    // A caller whose token the API has not seen yet: every request pays the signature check.
    const freshOverhead: number[] = [];
    for (let i = 0; i < freshSamples; i++) {
      const fresh = await issuer.sign(
        { azp: clientId, idtyp: "app", roles: ["Workspace.Read"], jti: `fresh-${String(size)}-${String(i)}` },
        { expiresIn: "1h" },
      );
      const page = await apiPage(fresh);
      freshOverhead.push(page.ms - page.storeMs);
    }
    // Per request: what the caller waited minus what the store took inside that very request.
    const overhead = api.map((ms, i) => ms - (inRequestStore[i] ?? Number.NaN));
    const p50 = percentile(api, 50);
    apiP50.push(p50);
    overheadP95.push(percentile(overhead, 95));
    figures[`runs_${String(size)}`] = {
      samples,
      seed_ms: Math.round(seedMs),
      api_p50_ms: round(p50),
      api_p95_ms: round(percentile(api, 95)),
      store_p50_ms: round(percentile(inRequestStore, 50)),
      store_p95_ms: round(percentile(inRequestStore, 95)),
      app_overhead_ms: { p50: round(percentile(overhead, 50)), p95: round(percentile(overhead, 95)) },
      fresh_token_app_overhead_ms: {
        samples: freshSamples,
        p50: round(percentile(freshOverhead, 50)),
        p95: round(percentile(freshOverhead, 95)),
      },
      // The same query timed from this process, between the API calls (no HTTP, auth or serialization).
      direct_store_p50_ms: round(percentile(direct, 50)),
      direct_store_p95_ms: round(percentile(direct, 95)),
      // The handler called in this process (auth, membership read, parsing, JSON) minus its store time:
      // the rest of app_overhead_ms is the HTTP hop through the local host.
      handler_overhead_ms: {
        p50: round(percentile(handlerOverhead, 50)),
        p95: round(percentile(handlerOverhead, 95)),
      },
    };
  }
  const ratio = (apiP50[1] ?? Number.NaN) / (apiP50[0] ?? Number.NaN);
  console.log(
    JSON.stringify({
      bench: "api",
      route: `GET /api/workspaces/{ws}/runs?limit=${String(pageSize)}`,
      via: "HTTP, local Functions host, bearer token",
      // How to read app_overhead_ms: a steady caller (see the header comment).
      caller:
        "one token reused (verified-token and 5 s membership caches warm); fresh_token_*: new token each",
      ...figures,
      app_overhead_ms: round(Math.max(...overheadP95)),
      app_overhead_goal_ms: 10,
      scan_growth_ratio: round(ratio),
      scan_growth_goal: 25,
      // Context for the figures: on a shared, loaded machine every hop (and so the overhead) grows.
      machine: { cpus: cpus().length, loadavg_1m: round(loadavg()[0] ?? 0) },
    }),
  );
  inProcess.dispose();
} finally {
  store.dispose();
  await host?.stop();
  await Promise.allSettled([cosmos.stop(), azurite.stop(), issuer.stop()]);
}
