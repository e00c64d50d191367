// `npm run bench:ledger`: 1,000 concurrent ledger starts over 50 identities against the local Cosmos server,
// compared with 1,000 concurrent bare document creates in the same process. Prints one JSON object.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import { LOCAL_COSMOS_KEY, startCosmosServer } from "../../local/cosmos/startCosmosServer.js";
import { createCosmosClient } from "../../shared/store/cosmosClient.js";
import { ensureContainers } from "../../shared/store/containers.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";

const STARTS = 1000;
const IDENTITIES = 50;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? Number.NaN) * 100) / 100;
}

async function timed<T>(
  calls: (() => Promise<T>)[],
): Promise<{ ms: number[]; wallMs: number; results: (T | Error)[] }> {
  const ms: number[] = [];
  const t0 = performance.now();
  const results = await Promise.all(
    calls.map(async (call) => {
      const start = performance.now();
      try {
        return await call();
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      } finally {
        ms.push(performance.now() - start);
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), wallMs: performance.now() - t0, results };
}

const server = await startCosmosServer();
const settings = {
  COSMOS_ENDPOINT: server.endpoint,
  COSMOS_KEY: LOCAL_COSMOS_KEY,
  COSMOS_DATABASE: "bench",
  COSMOS_ALLOW_INSECURE_TLS: true,
  COSMOS_ENSURE_CONTAINERS: true,
};
const client = createCosmosClient(settings);
try {
  const containers = await ensureContainers(client, settings.COSMOS_DATABASE);
  const { container: raw } = await client
    .database(settings.COSMOS_DATABASE)
    .containers.createIfNotExists({ id: "bench-raw", partitionKey: { paths: ["/workspaceId"] } });
  const ledger = new CosmosRunLedger({ container: containers.runs });

  // Warm the socket pool so neither phase pays the TLS handshakes.
  await Promise.all(Array.from({ length: 64 }, () => containers.runs.item("warm", "bench").read()));

  const rawPhase = await timed(
    Array.from(
      { length: STARTS },
      () => () => raw.items.create({ id: randomUUID(), workspaceId: "bench", n: 1 }),
    ),
  );
  const ledgerPhase = await timed(
    Array.from(
      { length: STARTS },
      (_, i) => () =>
        ledger.start({
          workspaceId: "bench",
          tenantId: `tenant-${String(i % 5)}`,
          type: "assignments.fetch",
          initiator: { userId: "bench", name: "bench" },
          identityInputs: { backupItemId: `item-${String(i % IDENTITIES)}` },
        }),
    ),
  );

  const ok = ledgerPhase.results.filter((r): r is Exclude<typeof r, Error> => !(r instanceof Error));
  const runsCreated = ok.filter((r) => !r.deduped).length;
  const stored = await containers.runs.items
    .query("SELECT c.id FROM c WHERE c.workspaceId = 'bench' AND c.docType = 'run'")
    .fetchAll();
  const p50Raw = percentile(rawPhase.ms, 50);
  const p50Ledger = percentile(ledgerPhase.ms, 50);
  console.log(
    JSON.stringify({
      starts: STARTS,
      identities: IDENTITIES,
      runs_created: runsCreated,
      runs_stored: stored.resources.length,
      deduped: ok.filter((r) => r.deduped).length,
      errors: ledgerPhase.results.length - ok.length,
      raw_errors: rawPhase.results.filter((r) => r instanceof Error).length,
      start_p50_ms: p50Ledger,
      start_p95_ms: percentile(ledgerPhase.ms, 95),
      raw_create_p50_ms: p50Raw,
      raw_create_p95_ms: percentile(rawPhase.ms, 95),
      ratio_vs_raw_create: Math.round((p50Ledger / p50Raw) * 100) / 100,
      wall_ms: Math.round(ledgerPhase.wallMs),
      raw_wall_ms: Math.round(rawPhase.wallMs),
      ratio_wall: Math.round((ledgerPhase.wallMs / rawPhase.wallMs) * 100) / 100,
    }),
  );
} finally {
  client.dispose();
  await server.close();
}
