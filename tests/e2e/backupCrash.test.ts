// End to end on the local stack: the host is SIGKILLed in the middle of a backup's assignment fetch (some
// batches done, others not), a new host is started on the same task hub and storage, and the backup resumes
// by itself: it completes succeeded, with exactly one item per policy (no duplicates), items and
// assignments equal to the simulator's export, and counts that are not inflated by the replayed work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { assignmentKey } from "../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../shared/assignments/policyAssignment.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import type { Json } from "../support/graphSim.js";
import { startTestHost, type TestHost } from "../support/host.js";
import { docsOf } from "../reconcile/support.js";
import { type E2eStack, startE2eStack } from "./stack.js";

const ws = demoWorkspace.id;
const api = `/api/workspaces/${ws}`;
const [, fabrikam] = demoTenants;
const policies = 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const figures: Record<string, unknown> = {};

let stack: E2eStack;
let host: TestHost;

/** A host on the stack's port and settings, no scheduled backups firing meanwhile. */
const startHost = (): Promise<TestHost> =>
  startTestHost({
    appDir: process.cwd(),
    port: stack.host.port,
    leaseSeconds: 2,
    env: stack.host.env,
  });

beforeAll(async () => {
  stack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
  host = stack.host;
  // A tenant large enough that its assignment fetch takes many batches.
  const generated = await stack.sim.admin("POST", `tenants/${fabrikam.externalId}/generate`, {
    policies,
    seed: 7,
  });
  expect(generated.status).toBe(201);
}, 180_000);
afterAll(async () => {
  console.log(JSON.stringify({ e2e_backup_crash: figures }));
  await host.stop();
  await stack.stop();
});

const runDocs = async (): Promise<OperationRun[]> =>
  (await docsOf(stack.cosmos.containers.runs, ws, "run")) as unknown as OperationRun[];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      const runs = (await runDocs()).map((r) => [r.id, r.type, r.status, r.summaryCounts]);
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(runs)} ${host.output.slice(-8).join(" | ")}`,
      );
    }
    await sleep(100);
  }
}

const keys = (assignments: readonly PolicyAssignment[]): string[] => assignments.map(assignmentKey).sort();

describe("backup after a host crash", () => {
  it("a host SIGKILLed mid-fetch: the backup resumes and finishes with no duplicates and exact counts", async () => {
    // Slow Graph down so the kill lands inside the assignment fetch.
    const fault = await stack.sim.admin("POST", "faults", {
      pathPattern: "\\$batch",
      tenantId: fabrikam.externalId,
      latencyMs: 500,
    });
    expect(fault.status).toBe(201);
    const started = await stack.api("POST", `${api}/tenants/${fabrikam.id}/backups`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.run.id as string;
    const backupSetId = started.body.backupSetId as string;

    // Mid-fetch: the assignment fetch has reported progress for some items, not all.
    const before = await until(
      "the assignment fetch half way",
      async () => {
        const run = (await runDocs()).find((r) => r.id === runId);
        if (run?.status === "completed") throw new Error("the backup completed before the kill");
        const processed = run?.summaryCounts.processed ?? 0;
        return processed > 0 && processed < policies ? run : undefined;
      },
      120_000,
    );
    await host.kill();
    figures.processed_at_kill = before.summaryCounts.processed;
    await stack.sim.admin("DELETE", "faults");
    const t0 = Date.now();
    host = await startHost();

    const done = await until(
      "the resumed backup",
      async () => {
        const run = (await runDocs()).find((r) => r.id === runId);
        return run?.status === "completed" ? run : undefined;
      },
      180_000,
    );
    figures.resume_wall_s = (Date.now() - t0) / 1000;
    expect(done.outcome, JSON.stringify(done.failureSummary)).toBe("succeeded");

    const truth = (await stack.sim.admin("GET", `tenants/${fabrikam.externalId}/export`)).body;
    const truthPolicies = truth.policies as Json[];
    const truthAssignments = truthPolicies.reduce(
      (s: number, p: Json) => s + (p.assignments as Json[]).length,
      0,
    );
    expect(truthPolicies).toHaveLength(policies);

    // Exactly one item per policy in the store (a replayed step overwrites, never adds).
    const items = (await docsOf(stack.cosmos.containers.backups, ws, "backupItem")).filter(
      (i) => i.backupSetId === backupSetId,
    );
    const refs = items.map((i) => `${String(i.policyType)}/${String(i.policyId)}`);
    expect(new Set(refs).size).toBe(refs.length);
    expect(items).toHaveLength(policies);
    const byRef = new Map(items.map((i) => [`${String(i.policyType)}/${String(i.policyId)}`, i]));
    for (const p of truthPolicies) {
      const item = byRef.get(`${String(p.type)}/${String(p.id)}`);
      expect(item, `${String(p.type)}/${String(p.id)}`).toBeDefined();
      expect(item?.assignmentsStatus).toBe("fetched");
      expect(keys(item?.assignments as PolicyAssignment[])).toEqual(
        keys(p.assignments as PolicyAssignment[]),
      );
    }

    // Counts: each policy once, however many steps were replayed.
    expect(done.summaryCounts).toMatchObject({
      total: policies,
      processed: policies,
      succeeded: policies,
      failed: 0,
      assignments: truthAssignments,
    });
    const set = await stack.api("GET", `${api}/backup-sets/${backupSetId}`);
    expect(set.status).toBe(200);
    const fetchRunId = set.body.assignmentsRunId as string;
    const fetchRun = (await runDocs()).find((r) => r.id === fetchRunId);
    expect(fetchRun).toMatchObject({ status: "completed", outcome: "succeeded" });
    expect(fetchRun?.summaryCounts).toMatchObject({
      total: policies,
      processed: policies,
      succeeded: policies,
      assignments: truthAssignments,
    });
    figures.items = items.length;
    figures.assignments = truthAssignments;
    figures.summary = done.summaryCounts;
  }, 360_000);
});
