// Load on the whole local stack (tests/e2e/stack.ts): N small tenants generated in the Graph simulator and
// registered in the directory, M operators per tenant who start the same backup at the same moment (one
// run identity per tenant → one run, the others deduped onto it) and poll GET runs/{id} and GET runs until
// it completes. Collects every API answer's status and latency, then checks the invariants: no 5xx, dedupe
// exact, every run succeeded, each backup set equal to the simulator's truth. Used by tests/load/load.test.ts
// (small profile) and `npm run bench:load` (full profile).
import { randomUUID } from "node:crypto";

import { demoApiApp, demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { tenantSchema } from "../../shared/domain/directory.js";
import type { E2eStack } from "../e2e/stack.js";
import type { Json } from "../support/graphSim.js";

export interface LoadProfile {
  tenants: number;
  operatorsPerTenant: number;
  /** Policies per generated tenant (small, so backups are quick). */
  policiesPerTenant: number;
  /** Pause between polls of one operator (jittered ±50 %). */
  pollMs: number;
  /** Operators of tenant i start at a random moment within this window (all operators of a tenant together). */
  rampMs: number;
  /** Give up on a run after this long. */
  runTimeoutMs: number;
}

export interface LoadFigures {
  tenants: number;
  operators: number;
  starts: number;
  runs: number;
  deduped: number;
  completed_succeeded: number;
  requests: number;
  errors_5xx: number;
  wall_s: number;
  runs_per_min: number;
  api_p50_ms: number;
  api_p95_ms: number;
  api_max_ms: number;
  start_p50_ms: number;
  start_p95_ms: number;
  run_get_p95_ms: number;
  run_list_p95_ms: number;
  backup_items: number;
  backup_assignments: number;
}

export interface LoadResult {
  figures: LoadFigures;
  /** Every broken invariant, in words (empty when the load held). */
  violations: string[];
}

interface Answer {
  status: number;
  body: Json;
}

interface StartAnswer {
  tenantId: string;
  operator: number;
  status: number;
  runId: string | null;
  deduped: boolean | null;
  runStatus: string | null;
  backupSetId: string | null;
}

interface LoadTenant {
  id: string;
  externalId: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

const round = (n: number): number => Math.round(n * 100) / 100;

export async function runLoad(stack: E2eStack, profile: LoadProfile): Promise<LoadResult> {
  const ws = `/api/workspaces/${demoWorkspace.id}`;
  const client = demoApiApp.externalClient;
  const issued = await stack.sim.token(
    demoTenants[0].externalId,
    client.clientId,
    client.clientSecret,
    `${demoApiApp.audience}/.default`,
  );
  const token = String(issued.body.access_token);
  const latencies: number[] = [];
  const byKind: Record<"start" | "get" | "list", number[]> = { start: [], get: [], list: [] };
  const violations: string[] = [];
  let errors5xx = 0;
  let measuring = true;

  const call = async (method: string, apiPath: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const t0 = performance.now();
    const res = await fetch(`${stack.host.url}${apiPath}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (measuring) {
      latencies.push(ms);
      byKind[method === "POST" ? "start" : apiPath.includes("/runs?") ? "list" : "get"].push(ms);
    }
    if (res.status >= 500) {
      errors5xx += 1;
      violations.push(`${method} ${apiPath} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    let parsed: Json = null;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      violations.push(`${method} ${apiPath} answered non-JSON (${res.status})`);
    }
    return { status: res.status, body: parsed };
  };

  // ---- tenants: generated in the simulator, registered in the directory ----
  const tenants: LoadTenant[] = [];
  for (let i = 0; i < profile.tenants; i++) {
    const externalId = randomUUID();
    const generated = await stack.sim.admin("POST", `tenants/${externalId}/generate`, {
      displayName: `Load ${i}`,
      policies: profile.policiesPerTenant,
      seed: 1000 + i,
      groups: 4,
      filters: 2,
      maxAssignments: 2,
    });
    if (generated.status !== 201) throw new Error(`simulator refused tenant ${i}: ${generated.status}`);
    const id = `tenant-load-${String(i).padStart(3, "0")}-${externalId.slice(0, 8)}`;
    await stack.directory.createTenant(
      tenantSchema.parse({
        id,
        docType: "tenant",
        workspaceId: demoWorkspace.id,
        externalId,
        displayName: `Load tenant ${i}`,
        credentialRef: "graph-client-secret",
        backupSchedule: null,
        createdAt: new Date().toISOString(),
      }),
    );
    tenants.push({ id, externalId });
  }

  // ---- load: all operators of a tenant start the same backup together, then poll until it completes ----
  const starts: StartAnswer[] = [];
  const finished = new Map<string, Json>();
  const operator = async (tenant: LoadTenant, n: number): Promise<void> => {
    const res = await call("POST", `${ws}/tenants/${tenant.id}/backups`, {});
    const run = res.status === 202 ? res.body?.run : null;
    starts.push({
      tenantId: tenant.id,
      operator: n,
      status: res.status,
      runId: typeof run?.id === "string" ? run.id : null,
      deduped: typeof res.body?.deduped === "boolean" ? res.body.deduped : null,
      runStatus: typeof run?.status === "string" ? run.status : null,
      backupSetId: typeof res.body?.backupSetId === "string" ? res.body.backupSetId : null,
    });
    if (res.status !== 202 || typeof run?.id !== "string") {
      violations.push(`start for ${tenant.id} (operator ${n}) answered ${res.status}`);
      return;
    }
    const runId = run.id as string;
    const deadline = Date.now() + profile.runTimeoutMs;
    for (let poll = 0; ; poll++) {
      await sleep(profile.pollMs * (0.5 + Math.random()));
      const got = await call("GET", `${ws}/runs/${runId}`);
      if (got.status !== 200) violations.push(`GET run ${runId} answered ${got.status}`);
      else if (got.body.run.status === "completed") {
        finished.set(runId, got.body.run);
        return;
      }
      if (poll % 2 === 1) {
        const list = await call("GET", `${ws}/runs?tenantId=${tenant.id}&limit=20`);
        if (list.status !== 200) violations.push(`GET runs for ${tenant.id} answered ${list.status}`);
        else if (!(list.body.items as Json[]).some((r) => r.id === runId))
          violations.push(`GET runs for ${tenant.id} does not list active run ${runId}`);
      }
      if (Date.now() > deadline) {
        violations.push(`run ${runId} of ${tenant.id} not completed after ${profile.runTimeoutMs} ms`);
        return;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(
    tenants.map(async (tenant) => {
      await sleep(Math.random() * profile.rampMs);
      await Promise.all(Array.from({ length: profile.operatorsPerTenant }, (_, n) => operator(tenant, n)));
    }),
  );
  const wallMs = performance.now() - t0;
  measuring = false;

  // ---- invariants ----
  const runIds = new Set<string>();
  let dedupedAnswers = 0;
  let succeeded = 0;
  let items = 0;
  let assignments = 0;
  for (const tenant of tenants) {
    const mine = starts.filter((s) => s.tenantId === tenant.id && s.status === 202);
    const created = mine.filter((s) => s.deduped === false);
    const deduped = mine.filter((s) => s.deduped === true);
    dedupedAnswers += deduped.length;
    // All operators start together while the run is active: exactly one of them creates it.
    if (created.length !== 1)
      violations.push(`${tenant.id}: ${created.length} runs created by ${mine.length} identical starts`);
    const canonical = created[0];
    for (const d of deduped) {
      if (d.runId !== canonical?.runId)
        violations.push(`${tenant.id}: deduped answer names ${d.runId}, active run is ${canonical?.runId}`);
      if (d.runStatus === "completed") violations.push(`${tenant.id}: deduped onto a completed run`);
      if (d.backupSetId !== canonical?.backupSetId)
        violations.push(`${tenant.id}: deduped answer names another backup set`);
    }
    // The ledger holds exactly the runs the starts created (no hidden second run).
    const ledger = await call("GET", `${ws}/runs?tenantId=${tenant.id}&type=backup_set.create&limit=50`);
    const ledgerIds = ((ledger.body?.items ?? []) as Json[]).map((r) => String(r.id)).sort();
    const createdIds = created.map((s) => String(s.runId)).sort();
    if (JSON.stringify(ledgerIds) !== JSON.stringify(createdIds))
      violations.push(`${tenant.id}: ledger runs ${ledgerIds.join(",")} ≠ created ${createdIds.join(",")}`);
    if (canonical === undefined || canonical.runId === null || canonical.backupSetId === null) continue;
    runIds.add(canonical.runId);
    const run = finished.get(canonical.runId);
    if (run?.outcome !== "succeeded") {
      violations.push(`${tenant.id}: run ${canonical.runId} outcome ${String(run?.outcome)}`);
      continue;
    }
    succeeded += 1;
    // Counts equal the simulator's truth: one item per policy, assignments as the tenant holds them.
    const truth = (await stack.sim.admin("GET", `tenants/${tenant.externalId}/export`)).body;
    const backedUp: Json[] = [];
    let continuation: string | null = null;
    do {
      const q: string = continuation === null ? "" : `&continuation=${encodeURIComponent(continuation)}`;
      const page = await call("GET", `${ws}/backup-sets/${canonical.backupSetId}/items?limit=200${q}`);
      if (page.status !== 200) {
        violations.push(`${tenant.id}: items page answered ${page.status}`);
        break;
      }
      backedUp.push(...(page.body.items as Json[]));
      continuation = page.body.continuation as string | null;
    } while (continuation !== null);
    const want = (truth.policies as Json[])
      .map((p) => `${String(p.type)}/${String(p.id)}/${(p.assignments as Json[]).length}`)
      .sort();
    const got = backedUp
      .map(
        (i) =>
          `${String(i.policyType)}/${String(i.policyId)}/${(i.assignments as Json[] | null)?.length ?? -1}`,
      )
      .sort();
    if (JSON.stringify(want) !== JSON.stringify(got))
      violations.push(`${tenant.id}: backup items ${got.length} ≠ simulator policies ${want.length}`);
    if (run.summaryCounts?.total !== want.length)
      violations.push(`${tenant.id}: summary total ${String(run.summaryCounts?.total)} ≠ ${want.length}`);
    items += backedUp.length;
    for (const p of truth.policies as Json[]) assignments += (p.assignments as Json[]).length;
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (values: number[], at: number): number =>
    round(
      percentile(
        [...values].sort((a, b) => a - b),
        at,
      ),
    );
  return {
    violations,
    figures: {
      tenants: profile.tenants,
      operators: profile.tenants * profile.operatorsPerTenant,
      starts: starts.length,
      runs: runIds.size,
      deduped: dedupedAnswers,
      completed_succeeded: succeeded,
      requests: latencies.length,
      errors_5xx: errors5xx,
      wall_s: round(wallMs / 1000),
      runs_per_min: round(runIds.size / (wallMs / 60_000)),
      api_p50_ms: round(percentile(sorted, 50)),
      api_p95_ms: round(percentile(sorted, 95)),
      api_max_ms: round(sorted.at(-1) ?? 0),
      start_p50_ms: p(byKind.start, 50),
      start_p95_ms: p(byKind.start, 95),
      run_get_p95_ms: p(byKind.get, 95),
      run_list_p95_ms: p(byKind.list, 95),
      backup_items: items,
      backup_assignments: assignments,
    },
  };
}
