// `npx tsx tests/bench/cosmosQuery.ts`: first-page latency of a Monitoring-hub style query through the local
// Cosmos server as the container grows (shows the effect of patches/@zeit+cosmosdb-query+0.7.2.patch).
// Prints one JSON object.
import { performance } from "node:perf_hooks";

import { LOCAL_COSMOS_KEY, startCosmosServer } from "../../local/cosmos/startCosmosServer.js";
import { createCosmosClient } from "../../shared/store/cosmosClient.js";
import { ensureContainers } from "../../shared/store/containers.js";

const sizes = [2_500, 5_000, 10_000, 20_000];
const server = await startCosmosServer();
const client = createCosmosClient({
  COSMOS_ENDPOINT: server.endpoint,
  COSMOS_KEY: LOCAL_COSMOS_KEY,
  COSMOS_DATABASE: "bench-query",
  COSMOS_ALLOW_INSECURE_TLS: true,
  COSMOS_ENSURE_CONTAINERS: true,
});
const figures: Record<string, number> = {};
try {
  const { runs } = await ensureContainers(client, "bench-query");
  let n = 0;
  for (const size of sizes) {
    while (n < size) {
      const batch = Array.from({ length: Math.min(200, size - n) }, (_, k) => n + k);
      await Promise.all(
        batch.map((i) =>
          runs.items.create({
            id: `run-${String(i)}`,
            docType: "run",
            workspaceId: i % 2 === 0 ? "ws-a" : "ws-b",
            createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
          }),
        ),
      );
      n += batch.length;
    }
    const t0 = performance.now();
    const page = await runs.items
      .query(
        {
          query: "SELECT * FROM c WHERE c.workspaceId = @w AND c.docType = 'run' ORDER BY c.createdAt DESC",
          parameters: [{ name: "@w", value: "ws-a" }],
        },
        { partitionKey: "ws-a", maxItemCount: 50 },
      )
      .fetchNext();
    figures[`first_page_ms_at_${String(size)}`] = Math.round(performance.now() - t0);
    if (page.resources.length !== 50) throw new Error("unexpected page size");
  }
  console.log(JSON.stringify(figures));
} finally {
  client.dispose();
  await server.close();
}
