// What the chaos test asks of the stack: the simulator's truth, the expected result of a restore mapped by
// display name, Graph fault sets, run and lock documents read straight from the local Cosmos server, waiting
// for runs, the write log of a tenant and one reconcile pass with the host's real Durable statuses.
import { expect } from "vitest";

import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { systemClock } from "../../shared/ports/clock.js";
import { reconcileWorkspace, type ReconcileResult } from "../../shared/reconcile/reconcileWorkspace.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair } from "../../shared/store/CosmosRunRepair.js";
import { DurableApi } from "../host/durableClient.js";
import { docsOf, managementStatusReader } from "../reconcile/support.js";
import type { ChaosStack, ChaosTenant } from "../support/chaosStack.js";
import type { Json } from "../support/graphSim.js";
import type { ChaosProfile } from "./profile.js";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Named {
  id: string;
  displayName: string;
}
export interface Truth {
  groups: Named[];
  filters: Named[];
  policies: { type: string; id: string; displayName: string; assignments: PolicyAssignment[] }[];
}

export const keys = (assignments: readonly PolicyAssignment[]): string[] =>
  assignments.map(assignmentKey).sort();

export async function exportOf(stack: ChaosStack, tenant: ChaosTenant): Promise<Truth> {
  const res = await stack.sim.admin("GET", `tenants/${tenant.externalId}/export`);
  expect(res.status).toBe(200);
  return res.body as Truth;
}

const filterKey = "deviceAndAppManagementAssignmentFilterId";

/** The source's assignments of a policy in the target's ids (by display name); unmapped targets are skipped. */
export function expectedAfterRestore(
  source: Truth,
  target: Truth,
  assignments: readonly PolicyAssignment[],
): PolicyAssignment[] {
  const nameIn = (list: Named[], id: string) => list.find((g) => g.id === id)?.displayName;
  const idIn = (list: Named[], name: string | undefined) => list.find((g) => g.displayName === name)?.id;
  const mapped: PolicyAssignment[] = [];
  for (const a of assignments) {
    const t: Record<string, unknown> = { ...a.target };
    let ok = true;
    if (typeof t.groupId === "string") {
      const id = idIn(target.groups, nameIn(source.groups, t.groupId));
      if (id === undefined) ok = false;
      else t.groupId = id;
    }
    if (typeof t[filterKey] === "string" && t[filterKey] !== "") {
      const id = idIn(target.filters, nameIn(source.filters, t[filterKey]));
      if (id === undefined) ok = false;
      else t[filterKey] = id;
    }
    if (ok) mapped.push({ ...a, target: t as PolicyAssignment["target"] });
  }
  return mapped;
}

/** One phase's Graph faults on every Graph path: 429 bursts, dropped connections, latency, 5xx at a rate. */
export async function armGraphFaults(stack: ChaosStack, p: ChaosProfile, seed: number): Promise<void> {
  await stack.sim.admin("DELETE", "faults");
  const half = p.graph5xxRate / 2;
  const specs: Record<string, unknown>[] = [
    { status: 429, maxHits: p.throttleBurst, retryAfterSeconds: 1 },
    { status: 429, maxHits: p.throttleBurst },
    { dropConnection: true, rate: 0.1, maxHits: p.droppedConnections, includeBatchItems: false, seed },
    { latencyMs: p.latencyMs, rate: 0.1, maxHits: p.latencyHits, seed: seed + 1 },
    { status: 503, rate: half, seed: seed + 2 },
    // The share left after the 503s, so 503 + 504 together hit `graph5xxRate` of the requests.
    { status: 504, rate: half / (1 - half), seed: seed + 3 },
  ];
  for (const spec of specs) {
    const res = await stack.sim.admin("POST", "faults", { pathPattern: ".*", ...spec });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

/** Hits of the armed faults, by kind. */
export async function faultHits(stack: ChaosStack): Promise<Record<string, number>> {
  const listed = (await stack.sim.admin("GET", "faults")).body.value as Json[];
  const hits: Record<string, number> = {};
  for (const f of listed) {
    const kind =
      f.dropConnection === true
        ? "dropped_connection"
        : f.status === undefined
          ? "latency"
          : f.status === 429
            ? f.retryAfterSeconds === undefined
              ? "429_no_retry_after"
              : "429_retry_after"
            : String(f.status);
    hits[kind] = (hits[kind] ?? 0) + Number(f.hits);
  }
  return hits;
}

export const runDocs = async (stack: ChaosStack): Promise<OperationRun[]> =>
  (await docsOf(stack.cosmos.containers.runs, stack.workspaceId, "run")) as unknown as OperationRun[];

export const lockDocs = (stack: ChaosStack): Promise<Json[]> =>
  docsOf(stack.cosmos.containers.runs, stack.workspaceId, "lock");

export const auditDocs = (stack: ChaosStack): Promise<Json[]> =>
  docsOf(stack.cosmos.containers.audits, stack.workspaceId, "audit");

/** Waits until every run is completed (or the time is up); answers the runs still open. */
export async function waitAllCompleted(stack: ChaosStack, timeoutMs: number): Promise<OperationRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = (await runDocs(stack)).filter((r) => r.status !== "completed");
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(500);
  }
}

/** Waits (polling tightly) until the runs reach a moment a kill hurts most. */
export async function waitForRuns(
  stack: ChaosStack,
  moment: (runs: OperationRun[]) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (moment(await runDocs(stack))) return;
    await sleep(50);
  }
}

/** Successful Graph writes to one tenant, by method and path (a $batch is not a write). */
export async function writesTo(stack: ChaosStack, tenant: ChaosTenant): Promise<Map<string, number>> {
  const log = (await stack.sim.admin("GET", `requests?limit=20000&tenantId=${tenant.externalId}`)).body
    .value as Json[];
  const writes = new Map<string, number>();
  for (const e of log) {
    if (e.method === "GET" || e.pathKind === "$batch") continue;
    if (Number(e.status) < 200 || Number(e.status) > 299) continue;
    const key = `${String(e.method)} ${String(e.path)}`;
    writes.set(key, (writes.get(key) ?? 0) + 1);
  }
  return writes;
}

/** One reconcile pass over the workspace, as the timer runs it, with the live host's Durable statuses. */
export function reconcileOnce(stack: ChaosStack): Promise<ReconcileResult> {
  const containers = stack.cosmos.containers;
  return reconcileWorkspace(
    {
      ledger: new CosmosRunLedger({ container: containers.runs }),
      repair: new CosmosRunRepair(containers.runs),
      orchestration: managementStatusReader(new DurableApi(stack.host().url)),
      audit: new CosmosAuditLog(containers.audits),
      clock: systemClock,
      options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
    },
    {
      workspaceId: stack.workspaceId,
      initiator: { userId: null, name: "Reconcile timer" },
      actorKind: "system",
    },
  );
}

/** Every item of a backup set through the API. */
export async function backupItems(stack: ChaosStack, backupSetId: string): Promise<Json[]> {
  const items: Json[] = [];
  let continuation: string | null = null;
  do {
    const q: string = continuation === null ? "?limit=50" : `?limit=50&continuation=${continuation}`;
    const res = await stack.api(
      "GET",
      `/api/workspaces/${stack.workspaceId}/backup-sets/${backupSetId}/items${q}`,
    );
    expect(res.status, res.text).toBe(200);
    items.push(...(res.body.items as Json[]));
    continuation = res.body.continuation as string | null;
  } while (continuation !== null);
  return items;
}

/** A backup set's items equal the simulator's truth: one item per policy, assignments equal. */
export async function expectBackupEqualsTruth(
  stack: ChaosStack,
  backupSetId: string,
  truth: Truth,
): Promise<number> {
  const items = await backupItems(stack, backupSetId);
  expect(items.length).toBe(truth.policies.length);
  const byRef = new Map(items.map((i) => [`${String(i.policyType)}/${String(i.policyId)}`, i]));
  let assignments = 0;
  for (const p of truth.policies) {
    const item = byRef.get(`${p.type}/${p.id}`);
    expect(item, `${p.type}/${p.id}`).toBeDefined();
    expect(item.assignmentsStatus).toBe("fetched");
    expect(keys(item.assignments as PolicyAssignment[])).toEqual(keys(p.assignments));
    assignments += p.assignments.length;
  }
  return assignments;
}
