// Benchmark: read every policy with its assignments from a generated 10,000-policy tenant, with our access
// layer and with a baseline written the way the field's popular tool works (list each type, then $batches of
// 20 per-item GET /assignments). Prints one JSON object of figures. `npm run bench:graph`
import { demoGraphApp } from "../../local/seed/demoData.js";
import { realisticMix } from "../../local/graph-sim/generateTenant.js";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { GraphAccess } from "../../shared/graph/graphAccess.js";
import { policyTypes } from "../../shared/graph/policyTypes.js";
import { intuneAppLimits, type BudgetLimits } from "../../shared/graph/tenantBudget.js";
import {
  benchTenant,
  intuneLimits,
  minWallMs,
  readBaseline,
  relaxedLimits,
  type SimCounts,
  simCounts,
  simAdmin,
} from "./graphBaseline.js";

const tenantId = "b0b0b0b0-1234-4abc-8def-000000010000";
const { policies, seed } = benchTenant;
const tightened = { requestsPerWindow: 50, windowMs: 2000 };
const relaxed = relaxedLimits;
const intune = intuneLimits;

// The simulator runs in its own process (as with `npm start`), so its work does not stall the client's clock.
const child = spawn(process.execPath, ["--import", "tsx", "local/graph-sim/main.ts"], {
  env: { ...process.env, GRAPH_SIM_PORT: "0", GRAPH_SIM_SEED_DEMO: "false" },
  stdio: ["ignore", "pipe", "inherit"],
});
const ready = await new Promise<{ url: string; authorityHost: string }>((resolve, reject) => {
  child.once("exit", (code) => {
    reject(new Error(`graph simulator exited with ${String(code)}`));
  });
  createInterface({ input: child.stdout }).once("line", (line) => {
    resolve(JSON.parse(line) as { url: string; authorityHost: string });
  });
});
const tls = (await (await fetch(`${ready.url}/_admin/tls`)).json()) as { certificatePem: string };
const sim = { url: ready.url, authorityHost: ready.authorityHost, caCertPem: tls.certificatePem };
const admin = simAdmin(sim.url);
const counts = (): Promise<SimCounts> => simCounts(admin, tenantId);

function access(budget?: BudgetLimits): GraphAccess {
  return new GraphAccess({
    baseUrl: sim.url,
    credential: {
      mode: "client_secret",
      clientId: demoGraphApp.clientId,
      clientSecret: demoGraphApp.clientSecret,
      authorityHost: sim.authorityHost,
      authorityCaPem: sim.caCertPem,
    },
    ...(budget === undefined ? {} : { budget }),
  });
}

/** Our layer: every type in parallel (one shared tenant budget), list with $expand, $batch where it cannot. */
async function readOurs(a: GraphAccess): Promise<{ policies: number; assignments: number; failed: number }> {
  const tenant = a.forTenant(tenantId);
  await tenant.tokens.getToken();
  const perType = await Promise.all(
    policyTypes.map(async (t) => {
      let n = 0;
      let assignments = 0;
      let failed = 0;
      for await (const page of tenant.service(t.key).listWithAssignments()) {
        for (const r of page) {
          n++;
          if (r.assignments === null) failed++;
          else assignments += r.assignments.length;
        }
      }
      return { n, assignments, failed };
    }),
  );
  return perType.reduce(
    (s, x) => ({
      policies: s.policies + x.n,
      assignments: s.assignments + x.assignments,
      failed: s.failed + x.failed,
    }),
    { policies: 0, assignments: 0, failed: 0 },
  );
}

const generated = (await admin("POST", `tenants/${tenantId}/generate`, { policies, seed })) as {
  policies: number;
};
const truth = (await admin("GET", `tenants/${tenantId}/export`)) as {
  policies: { assignments: unknown[] }[];
};
const truthAssignments = truth.policies.reduce((s, p) => s + p.assignments.length, 0);

// 1. Our layer under Intune's real limits.
await admin("PUT", "limits", intune);
await admin("POST", "counters/reset");
let started = Date.now();
const ours = await readOurs(access());
const oursWall = Date.now() - started;
const oursCounts = await counts();

// 2. Baseline on the same tenant. Throttling off so the bench stays short; its floor under Intune's per-app
//    limit (1,000 operations per 20 s) is reported as baseline.intune_floor_wall_s.
await admin("PUT", "limits", relaxed);
await admin("POST", "counters/reset");
started = Date.now();
const baseline = await readBaseline(sim, tenantId);
const baselineWall = Date.now() - started;
const baselineCounts = await counts();

// 3. Our layer under a tightened limit: wall time over the minimum the limit allows.
await admin("PUT", "limits", {
  ...relaxed,
  windowMs: tightened.windowMs,
  appRequests: tightened.requestsPerWindow,
  omitRetryAfterEvery: 10,
});
await admin("POST", "counters/reset");
started = Date.now();
const tight = await readOurs(
  access({
    requestsPerWindow: tightened.requestsPerWindow,
    writesPerWindow: 20,
    windowMs: tightened.windowMs,
    share: intuneAppLimits.share,
  }),
);
const tightWall = Date.now() - started;
const tightCounts = await counts();
const minWall = minWallMs(tightCounts.operations, tightened);

child.removeAllListeners("exit");
child.kill("SIGTERM");

const perPolicy = (n: number): number => Number((n / generated.policies).toFixed(4));
console.log(
  JSON.stringify(
    {
      tenant: { policies: generated.policies, assignments: truthAssignments, seed, mix: realisticMix },
      complete:
        ours.policies === generated.policies && ours.assignments === truthAssignments && ours.failed === 0,
      graph_requests: oursCounts.requests,
      graph_operations: oursCounts.operations,
      requests_per_policy: perPolicy(oursCounts.requests),
      operations_per_policy: perPolicy(oursCounts.operations),
      throttled_429s: oursCounts.throttled,
      wall_ms: oursWall,
      baseline: {
        complete: baseline.policies === generated.policies && baseline.assignments === truthAssignments,
        graph_requests: baselineCounts.requests,
        graph_operations: baselineCounts.operations,
        requests_per_policy: perPolicy(baselineCounts.requests),
        operations_per_policy: perPolicy(baselineCounts.operations),
        wall_ms_unthrottled: baselineWall,
        intune_floor_wall_s: Math.floor((baselineCounts.operations - 1) / 1000) * 20,
      },
      ops_vs_baseline: Number((oursCounts.operations / baselineCounts.operations).toFixed(4)),
      tightened: {
        limit: tightened,
        complete: tight.policies === generated.policies && tight.assignments === truthAssignments,
        graph_operations: tightCounts.operations,
        throttled_429s: tightCounts.throttled,
        wall_ms: tightWall,
        min_wall_ms: minWall,
      },
      wall_vs_budget_ratio: Number((tightWall / minWall).toFixed(3)),
    },
    null,
    2,
  ),
);
