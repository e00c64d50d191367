// Benchmark: a full backup with assignments of a generated 10,000-policy tenant (the Graph bench's realistic
// mix and seed) through the real local stack: HTTP start → Durable orchestration on the local host → Graph
// simulator → local Cosmos. Compares Graph operations with the Graph bench's baseline client on the same
// tenant in the same run, checks every item and assignment against the simulator's export, and times a second
// backup under a tightened throttle limit against the minimum that limit allows. Prints one JSON object.
// `npm run bench:backup` (needs `npm run build:app` first: the host runs the built app).
import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { realisticMix } from "../../local/graph-sim/generateTenant.js";
import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import { startE2eStack } from "../e2e/stack.js";
import {
  benchTenant,
  intuneLimits,
  minWallMs,
  readBaseline,
  relaxedLimits,
  simAdmin,
  simCounts,
} from "./graphBaseline.js";

const { policies, seed } = benchTenant;
// Tight enough that Graph's budget, not the local stack, bounds the run: unthrottled, a 10,000-policy backup
// takes ~90 s on the local stack (Cosmos writes dominate); at 25 operations per 10 s its ~490 operations need
// at least ~190 s. (At the Graph bench's 50 per 2 s the floor would be ~18 s and the ratio would time the
// local Cosmos server, not the use of the budget.)
const tightened = {
  requestsPerWindow: Number(process.env.BENCH_TIGHT_REQUESTS ?? "25"),
  windowMs: Number(process.env.BENCH_TIGHT_WINDOW_MS ?? "10000"),
};
const ws = `/api/workspaces/${demoWorkspace.id}`;
const [tenant] = demoTenants;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const stack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
const admin = simAdmin(stack.sim.url);
const counts = () => simCounts(admin, tenant.externalId);

interface Run {
  id: string;
  status: string;
  outcome: string | null;
  summaryCounts: Record<string, number>;
  failureSummary: unknown[];
}

async function backup(): Promise<{ run: Run; backupSetId: string; wallMs: number; listedMs: number }> {
  const started = Date.now();
  const res = await stack.api("POST", `${ws}/tenants/${tenant.id}/backups`, {});
  if (res.status !== 202 || res.body.deduped !== false) throw new Error(`start: ${JSON.stringify(res.body)}`);
  const runId = res.body.run.id as string;
  let listedMs = 0;
  for (;;) {
    const got = await stack.api("GET", `${ws}/runs/${runId}`);
    const run = got.body.run as Run;
    // The list steps are done when the run first shows its total.
    if (listedMs === 0 && (run.summaryCounts.total ?? 0) > 0) listedMs = Date.now() - started;
    if (run.status === "completed") {
      return { run, backupSetId: res.body.backupSetId as string, wallMs: Date.now() - started, listedMs };
    }
    if (Date.now() - started > 30 * 60_000) throw new Error(`backup ${runId} not completed in 30 minutes`);
    await sleep(250);
  }
}

interface StoredItem {
  policyType: string;
  policyId: string;
  assignmentsStatus: string;
  assignments: PolicyAssignment[] | null;
}

/** The set's items as stored, checked one by one against the simulator's export. */
async function verify(
  backupSetId: string,
  truth: Map<string, PolicyAssignment[]>,
): Promise<{ items: number; assignments: number; equal: boolean }> {
  const { resources } = await stack.cosmos.containers.backups.items
    .query<StoredItem>(
      {
        query:
          "SELECT c.policyType, c.policyId, c.assignmentsStatus, c.assignments FROM c WHERE c.workspaceId = @ws AND c.docType = 'backupItem' AND c.backupSetId = @set",
        parameters: [
          { name: "@ws", value: demoWorkspace.id },
          { name: "@set", value: backupSetId },
        ],
      },
      { partitionKey: demoWorkspace.id },
    )
    .fetchAll();
  const keys = (a: readonly PolicyAssignment[]): string => a.map(assignmentKey).sort().join("\n");
  const refs = new Set<string>();
  let assignments = 0;
  let equal = resources.length === truth.size;
  for (const item of resources) {
    const ref = `${item.policyType}/${item.policyId}`;
    const expected = truth.get(ref);
    if (refs.has(ref) || expected === undefined || item.assignmentsStatus !== "fetched") equal = false;
    refs.add(ref);
    assignments += item.assignments?.length ?? 0;
    if (expected !== undefined && keys(item.assignments ?? []) !== keys(expected)) equal = false;
  }
  return { items: resources.length, assignments, equal };
}

try {
  const generated = (await admin("POST", `tenants/${tenant.externalId}/generate`, { policies, seed })) as {
    policies: number;
  };
  const exported = (await admin("GET", `tenants/${tenant.externalId}/export`)) as {
    policies: { type: string; id: string; assignments: PolicyAssignment[] }[];
  };
  const truth = new Map(exported.policies.map((p) => [`${p.type}/${p.id}`, p.assignments]));
  const truthAssignments = exported.policies.reduce((s, p) => s + p.assignments.length, 0);

  // 1. The baseline client on the same tenant (throttling off; operations are what is compared).
  await admin("PUT", "limits", relaxedLimits);
  await admin("POST", "counters/reset");
  const baseline = await readBaseline(
    { url: stack.sim.url, authorityHost: stack.sim.authorityHost, caCertPem: stack.sim.caCertPem },
    tenant.externalId,
  );
  const baselineCounts = await counts();

  // 2. Our backup through the stack under Intune's real limits.
  await admin("PUT", "limits", intuneLimits);
  await admin("POST", "counters/reset");
  const ours = await backup();
  const oursCounts = await counts();
  const oursStored = await verify(ours.backupSetId, truth);

  // 3. Another backup under a tightened limit: wall time over the minimum the limit allows for its operations.
  await admin("PUT", "limits", {
    ...relaxedLimits,
    windowMs: tightened.windowMs,
    appRequests: tightened.requestsPerWindow,
    omitRetryAfterEvery: 10,
  });
  await admin("POST", "counters/reset");
  const tight = await backup();
  const tightCounts = await counts();
  const tightStored = await verify(tight.backupSetId, truth);
  // The floor is set by the operations Graph served: answered 429s are counted by the simulator as
  // operations too, but they are the cost of finding the limit, not work the budget had to allow.
  const served = tightCounts.operations - tightCounts.throttled;
  const minWall = minWallMs(served, tightened);

  const perPolicy = (n: number): number => Number((n / generated.policies).toFixed(4));
  const complete =
    ours.run.outcome === "succeeded" &&
    oursStored.equal &&
    oursStored.items === generated.policies &&
    oursStored.assignments === truthAssignments;
  console.log(
    JSON.stringify(
      {
        tenant: { policies: generated.policies, assignments: truthAssignments, seed, mix: realisticMix },
        complete,
        outcome: ours.run.outcome,
        items_backed_up: oursStored.items,
        assignments_backed_up: oursStored.assignments,
        summary_counts: ours.run.summaryCounts,
        graph_requests: oursCounts.requests,
        graph_operations: oursCounts.operations,
        requests_per_policy: perPolicy(oursCounts.requests),
        operations_per_policy: perPolicy(oursCounts.operations),
        throttled_429s: oursCounts.throttled,
        wall_s: ours.wallMs / 1000,
        list_phase_s: ours.listedMs / 1000,
        baseline: {
          complete: baseline.policies === generated.policies && baseline.assignments === truthAssignments,
          graph_requests: baselineCounts.requests,
          graph_operations: baselineCounts.operations,
          operations_per_policy: perPolicy(baselineCounts.operations),
        },
        ops_vs_baseline: Number((oursCounts.operations / baselineCounts.operations).toFixed(4)),
        tightened: {
          limit: tightened,
          complete:
            tight.run.outcome === "succeeded" &&
            tightStored.equal &&
            tightStored.items === generated.policies &&
            tightStored.assignments === truthAssignments,
          graph_operations: tightCounts.operations,
          served_operations: served,
          throttled_429s: tightCounts.throttled,
          wall_ms: tight.wallMs,
          list_phase_ms: tight.listedMs,
          min_wall_ms: minWall,
        },
        wall_vs_budget_ratio: Number((tight.wallMs / minWall).toFixed(3)),
        goals: { requests_per_policy: 0.05, ops_vs_baseline: 0.5, wall_vs_budget_ratio: 1.3 },
      },
      null,
      2,
    ),
  );
  if (!complete) process.exitCode = 1;
} finally {
  await stack.stop();
}
