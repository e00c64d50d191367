// Shared by the Graph and backup benches: the generated tenant's size and seed, the simulator's throttle
// presets, its admin API and per-tenant counters, and the baseline client (written the way the field's popular
// tool works: list each type, then $batches of 20 per-item GET /assignments) that both compare against.
import { ClientSecretCredential } from "@azure/identity";

import { demoGraphApp } from "../../local/seed/demoData.js";
import { appProtectionPaths, policyTypes } from "../../shared/graph/policyTypes.js";

/** The generated tenant both benches read: BENCH_POLICIES policies (10,000 by default), seed 42. */
export const benchTenant = { policies: Number(process.env.BENCH_POLICIES ?? "10000"), seed: 42 };

/** Throttling off (the baseline's floor under Intune's limit is computed, not waited for). */
export const relaxedLimits = {
  windowMs: 20_000,
  tenantRequests: 1e9,
  tenantWrites: 1e9,
  appRequests: 1e9,
  appWrites: 1e9,
};

/** Intune's documented per-tenant and per-app limits. */
export const intuneLimits = {
  windowMs: 20_000,
  tenantRequests: 2000,
  tenantWrites: 200,
  appRequests: 1000,
  appWrites: 100,
};

export interface SimEndpoint {
  url: string;
  authorityHost: string;
  caCertPem: string;
}

export type SimAdmin = (method: string, path: string, body?: unknown) => Promise<unknown>;

export function simAdmin(simUrl: string): SimAdmin {
  return async (method, path, body) => {
    const res = await fetch(`${simUrl}/_admin/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };
}

export interface SimCounts {
  requests: number;
  operations: number;
  throttled: number;
}

export async function simCounts(admin: SimAdmin, tenantId: string): Promise<SimCounts> {
  const snap = (await admin("GET", "counters")) as { byTenant: Record<string, SimCounts | undefined> };
  const c = snap.byTenant[tenantId];
  return { requests: c?.requests ?? 0, operations: c?.operations ?? 0, throttled: c?.throttled ?? 0 };
}

/** Baseline: plain HTTP as the popular tool does it: list each type (all pages), then $batch of 20 GETs. */
export async function readBaseline(
  sim: SimEndpoint,
  tenantId: string,
): Promise<{ policies: number; assignments: number }> {
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

/** A sliding window lets the first `limit` operations go at once, then `limit` more per window. */
export function minWallMs(
  operations: number,
  limit: { requestsPerWindow: number; windowMs: number },
): number {
  return Math.floor((operations - 1) / limit.requestsPerWindow) * limit.windowMs;
}
