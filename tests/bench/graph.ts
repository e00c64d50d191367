// Benchmark: read every policy with its assignments from a generated 10,000-policy tenant, with our access
// layer and with a baseline written the way the field's popular tool works (list each type, then $batches of
// 20 per-item GET /assignments). Prints one JSON object of figures. `npm run bench:graph`
import { ClientSecretCredential } from "@azure/identity";
import { demoGraphApp } from "../../local/seed/demoData.js";
import { realisticMix } from "../../local/graph-sim/generateTenant.js";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { GraphAccess } from "../../shared/graph/graphAccess.js";
import { appProtectionPaths, policyTypes } from "../../shared/graph/policyTypes.js";
import { intuneAppLimits, type BudgetLimits } from "../../shared/graph/tenantBudget.js";

const tenantId = "b0b0b0b0-1234-4abc-8def-000000010000";
const policies = Number(process.env.BENCH_POLICIES ?? "10000");
const seed = 42;
const tightened = { requestsPerWindow: 50, windowMs: 2000 };
const relaxed = {
  windowMs: 20_000,
  tenantRequests: 1e9,
  tenantWrites: 1e9,
  appRequests: 1e9,
  appWrites: 1e9,
};
const intune = {
  windowMs: 20_000,
  tenantRequests: 2000,
  tenantWrites: 200,
  appRequests: 1000,
  appWrites: 100,
};

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
const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${sim.url}/_admin/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return text === "" ? undefined : (JSON.parse(text) as unknown);
};

interface Counts {
  requests: number;
  operations: number;
  throttled: number;
}
async function counts(): Promise<Counts> {
  const snap = (await admin("GET", "counters")) as { byTenant: Record<string, Counts | undefined> };
  const c = snap.byTenant[tenantId];
  return { requests: c?.requests ?? 0, operations: c?.operations ?? 0, throttled: c?.throttled ?? 0 };
}

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

/** Baseline: plain HTTP as the popular tool does it: list each type (all pages), then $batch of 20 GETs. */
async function readBaseline(): Promise<{ policies: number; assignments: number }> {
  const credential = new ClientSecretCredential(tenantId, demoGraphApp.clientId, demoGraphApp.clientSecret, {
    authorityHost: sim.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: sim.caCertPem },
  });
  const token = (await credential.getToken("https://graph.microsoft.com/.default")).token;
  const call = async (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => {
    for (;;) {
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, Number(res.headers.get("Retry-After") ?? "2") * 1000));
        continue;
      }
      return (await res.json()) as Record<string, unknown>;
    }
  };
  let count = 0;
  let assignments = 0;
  for (const t of policyTypes) {
    const items: { id: string; odataType: string }[] = [];
    let next: string | undefined = `${sim.url}/${t.version}${t.listPath}`;
    while (next !== undefined) {
      const page = await call("GET", next);
      for (const p of page.value as { id: string; "@odata.type": string }[])
        items.push({ id: p.id, odataType: p["@odata.type"] });
      next = page["@odata.nextLink"] as string | undefined;
    }
    const base = (p: { id: string; odataType: string }): string =>
      t.key === "managedAppPolicies"
        ? `${appProtectionPaths[p.odataType] ?? t.listPath}/${p.id}`
        : `${t.listPath}/${p.id}`;
    const wanted =
      t.key === "managedAppPolicies"
        ? items.filter((p) => appProtectionPaths[p.odataType] !== undefined)
        : items;
    count += wanted.length;
    for (let i = 0; i < wanted.length; i += 20) {
      let pending = wanted
        .slice(i, i + 20)
        .map((p, j) => ({ id: String(j), method: "GET", url: `${base(p)}/assignments` }));
      while (pending.length > 0) {
        const answer = await call("POST", `${sim.url}/${t.version}/$batch`, { requests: pending });
        const responses = answer.responses as { id: string; status: number; body?: { value?: unknown[] } }[];
        for (const r of responses) if (r.status === 200) assignments += r.body?.value?.length ?? 0;
        const retry = new Set(responses.filter((r) => r.status === 429).map((r) => r.id));
        pending = pending.filter((p) => retry.has(p.id));
        if (pending.length > 0) await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
  return { policies: count, assignments };
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
const baseline = await readBaseline();
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
// A sliding window lets the first `limit` operations go at once, then `limit` more per window.
const minWallMs = Math.floor((tightCounts.operations - 1) / tightened.requestsPerWindow) * tightened.windowMs;

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
        min_wall_ms: minWallMs,
      },
      wall_vs_budget_ratio: Number((tightWall / minWallMs).toFixed(3)),
    },
    null,
    2,
  ),
);
