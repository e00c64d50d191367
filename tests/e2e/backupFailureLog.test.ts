// End to end on the local stack: a backup where Graph answers 404 for about half of the policies'
// assignments. Every item failure reaches the run's failure log (far more than the 100 the run document
// keeps), the run's per-reason counts and failed item count cover all of them, `GET …/failures` pages every
// one, and a retry selects exactly those items. Figures are printed as one JSON line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import type { Json } from "../support/graphSim.js";
import { type E2eStack, startE2eStack } from "./stack.js";

const ws = `/api/workspaces/${demoWorkspace.id}`;
const [contoso, fabrikam] = demoTenants;
const policies = 400;
const figures: Record<string, unknown> = {};

let stack: E2eStack;
beforeAll(async () => {
  stack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
  const generated = await stack.sim.admin("POST", `tenants/${fabrikam.externalId}/generate`, {
    policies,
    seed: 11,
    // Mostly a type listed without $expand, so assignments are read per policy (in $batches).
    mix: { managedAppPolicies: 5_000 },
  });
  expect(generated.status).toBe(201);
}, 180_000);
afterAll(async () => {
  console.log(JSON.stringify({ e2e_backup_failure_log: figures }));
  await stack.stop();
});

async function pages(path: string, limit: number): Promise<Json[]> {
  const out: Json[] = [];
  let continuation: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const q: string = `${sep}limit=${String(limit)}${continuation === null ? "" : `&continuation=${continuation}`}`;
    const res = await stack.api("GET", `${path}${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...(res.body.items as Json[]));
    continuation = res.body.continuation as string | null;
  } while (continuation !== null);
  return out;
}

describe("the run failure log through the HTTP API", () => {
  it("keeps every item failure of a backup, counts them on the run, pages them, and retries exactly them", async () => {
    const fault = await stack.sim.admin("POST", "faults", {
      pathPattern: "/assignments$",
      method: "GET",
      tenantId: fabrikam.externalId,
      status: 404,
      code: "ResourceNotFound",
      rate: 0.5,
      seed: 3,
    });
    expect(fault.status).toBe(201);
    let run: Json;
    let backupSetId: string;
    try {
      const started = await stack.api("POST", `${ws}/tenants/${fabrikam.id}/backups`, {});
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      backupSetId = started.body.backupSetId as string;
      const t0 = Date.now();
      run = await stack.waitForRun(started.body.run.id as string, { timeoutMs: 150_000 });
      figures.backup_wall_s = (Date.now() - t0) / 1000;
    } finally {
      await stack.sim.admin("DELETE", "faults");
    }
    expect(run.outcome).toBe("partially_succeeded");

    // The truth: the backup items whose assignments failed.
    const items = await pages(`${ws}/backup-sets/${backupSetId}/items`, 200);
    const failedItems = items.filter((i) => i.assignmentsStatus === "failed").map((i) => String(i.id));
    expect(failedItems.length).toBeGreaterThan(100);
    figures.items = items.length;
    figures.failed_items = failedItems.length;

    expect(run.failureSummary).toHaveLength(100);
    expect(run.failureCounts).toEqual({ graph_not_found: failedItems.length });
    expect(run.failedItemCount).toBe(failedItems.length);

    const t0 = Date.now();
    const logged = await pages(`${ws}/runs/${String(run.id)}/failures`, 200);
    figures.failures_paged_ms = Date.now() - t0;
    expect(logged.map((f) => String(f.itemId)).sort()).toEqual([...failedItems].sort());
    expect(new Set(logged.map((f) => f.reasonCode))).toEqual(new Set(["graph_not_found"]));
    // Each names its policy the way operators know it, and search finds it by that name.
    const names = new Map(items.map((i) => [String(i.id), String(i.displayName)]));
    for (const f of logged) expect(f.itemName).toBe(names.get(String(f.itemId)));
    const named = String(logged[0]?.itemName);
    const found = await pages(
      `${ws}/runs/${String(run.id)}/failures?search=${encodeURIComponent(named)}`,
      50,
    );
    expect(found.map((f) => f.itemName)).toContain(named);

    // The assignment fetch run (the backup's sub-run, named on the backup set) holds the same failures.
    const set = await stack.api("GET", `${ws}/backup-sets/${backupSetId}`);
    const fetchRun = await stack.api("GET", `${ws}/runs/${String(set.body.assignmentsRunId)}`);
    expect(fetchRun.status).toBe(200);
    expect(fetchRun.body.run.type).toBe("assignments.fetch");
    expect(fetchRun.body.run.failureCounts).toEqual({ graph_not_found: failedItems.length });

    // Retry selects exactly the failed items, all of them (not the first 100).
    const retried = await stack.api("POST", `${ws}/runs/${String(run.id)}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const selection = retried.body.run.context.selection;
    expect([...(selection.itemIds as string[])].sort()).toEqual([...failedItems].sort());
    figures.retry_items = (selection.itemIds as string[]).length;
  }, 180_000);

  it("a restore where hundreds of items fail completes, every failure in the log of both of its runs", async () => {
    const started = await stack.api("POST", `${ws}/tenants/${fabrikam.id}/backups`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const backup = await stack.waitForRun(started.body.run.id as string, { timeoutMs: 150_000 });
    expect(backup.outcome).toBe("succeeded");
    // Contoso has none of Fabrikam's generated policies: under `fail`, every item fails in the restore.
    const created = await stack.api("POST", `${ws}/restores`, {
      backupSetId: started.body.backupSetId,
      targetTenantId: contoso.id,
      groupMapping: { strategy: "displayName" },
      filterMapping: { strategy: "displayName" },
      missingTargetPolicy: "fail",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const restoreId = created.body.id as string;
    const executed = await stack.api("POST", `${ws}/restores/${restoreId}/execute`);
    expect(executed.status, JSON.stringify(executed.body)).toBe(202);
    const t0 = Date.now();
    const run = await stack.waitForRun(executed.body.run.id as string, { timeoutMs: 150_000 });
    figures.restore_wall_s = (Date.now() - t0) / 1000;

    const restore = (await stack.api("GET", `${ws}/restores/${restoreId}`)).body;
    const failed = (restore.results as Json[])
      .filter((r) => r.action === "failed")
      .map((r) => String(r.backupItemId))
      .sort();
    expect(failed.length).toBeGreaterThan(150);
    figures.restore_failed_items = failed.length;
    expect(run.failedItemCount).toBe(failed.length);
    const counted = Object.values(run.failureCounts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(failed.length);
    const logged = await pages(`${ws}/runs/${String(run.id)}/failures`, 200);
    expect(logged.map((f) => String(f.itemId)).sort()).toEqual(failed);
    expect(logged.every((f) => typeof f.itemName === "string" && f.itemName !== "")).toBe(true);
  }, 240_000);
});
