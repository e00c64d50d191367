// `npm run bench:host`: Durable throughput of the local host on Azurite. Prints one JSON object: fan-out of
// 500 no-op activities and a chain of 100 sequential ones (wall time, per-activity overhead, history rows
// written), a no-op HTTP trigger round trip, and fanout_vs_http_ratio (goal ≤ 5).
import { randomUUID } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { startTestAzurite } from "../support/azurite.js";
import { ensureBuilt, startTestHost } from "../support/host.js";
import { DurableApi } from "../host/durableClient.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

ensureBuilt();
const azurite = await startTestAzurite();
const hub = `Bench${randomUUID().slice(0, 8)}`;
const host = await startTestHost({
  env: { AzureWebJobsStorage: azurite.connectionString, FIXTURE_HUB: hub },
  leaseSeconds: 10,
});
const api = new DurableApi(host.url);
const history = TableClient.fromConnectionString(azurite.connectionString, `${hub}History`, {
  allowInsecureConnection: true,
});

async function historyRows(instanceId: string): Promise<number> {
  let rows = 0;
  for await (const row of history.listEntities({
    queryOptions: { filter: `PartitionKey eq '${instanceId}'` },
  })) {
    if (row.rowKey !== "checkpoint") rows++;
  }
  return rows;
}

async function timeOrchestration(name: string, input: unknown): Promise<{ wallMs: number; rows: number }> {
  const started = performance.now();
  const { id } = await api.start(name, input);
  for (;;) {
    const { body } = await api.status(id);
    if (body?.runtimeStatus === "Completed") break;
    if (body && ["Failed", "Terminated"].includes(body.runtimeStatus))
      throw new Error(`${name} ${body.runtimeStatus}`);
    await sleep(20);
  }
  return { wallMs: performance.now() - started, rows: await historyRows(id) };
}

try {
  for (let i = 0; i < 20; i++) await (await fetch(`${host.url}/api/ping`)).text();
  await timeOrchestration("fanOut", { count: 10 });

  const httpRuns = 200;
  const httpStart = performance.now();
  for (let i = 0; i < httpRuns; i++) await (await fetch(`${host.url}/api/ping`)).text();
  const httpRoundTripMs = (performance.now() - httpStart) / httpRuns;

  const fanout = await timeOrchestration("fanOut", { count: 500 });
  const chain = await timeOrchestration("chain", { count: 100 });
  const fanoutPerActivityMs = fanout.wallMs / 500;
  const chainPerActivityMs = chain.wallMs / 100;
  const round = (n: number): number => Math.round(n * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({
      fanout_activities: 500,
      fanout_wall_ms: round(fanout.wallMs),
      fanout_per_activity_ms: round(fanoutPerActivityMs),
      fanout_history_rows: fanout.rows,
      chain_activities: 100,
      chain_wall_ms: round(chain.wallMs),
      chain_per_activity_ms: round(chainPerActivityMs),
      chain_history_rows: chain.rows,
      http_noop_round_trip_ms: round(httpRoundTripMs),
      fanout_vs_http_ratio: round(fanoutPerActivityMs / httpRoundTripMs),
      chain_vs_http_ratio: round(chainPerActivityMs / httpRoundTripMs),
    })}\n`,
  );
} finally {
  await host.stop();
  await azurite.stop();
}
