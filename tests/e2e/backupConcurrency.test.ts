// End to end on the local stack: 100 identical backup starts at once through the HTTP API → exactly one run
// (one `deduped: false`, 99 `deduped: true` carrying its id and backup set), one backup orchestration, and
// the run completes succeeded. Figures are printed as one JSON line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { orchestrationNames } from "../../orchestrations/contracts.js";
import type { Json } from "../support/graphSim.js";
import { type E2eStack, startE2eStack } from "./stack.js";

const ws = `/api/workspaces/${demoWorkspace.id}`;
const [tenantA] = demoTenants;
const starts = 100;
const figures: Record<string, unknown> = {};

let stack: E2eStack;
beforeAll(async () => {
  // No scheduled backups firing meanwhile: every backup run in this hub is one of ours.
  stack = await startE2eStack({ BACKUP_SCHEDULE_TIMER: "0 0 0 1 1 *" });
}, 180_000);
afterAll(async () => {
  console.log(JSON.stringify({ e2e_backup_concurrency: figures }));
  await stack.stop();
});

/** Every orchestration instance of the stack's task hub (its own hub: nothing else shares it). */
async function instances(): Promise<{ name: string; instanceId: string; runtimeStatus: string }[]> {
  const out: { name: string; instanceId: string; runtimeStatus: string }[] = [];
  let continuation: string | null = null;
  do {
    const res: Response = await fetch(`${stack.host.url}/runtime/webhooks/durabletask/instances?top=1000`, {
      headers: continuation === null ? {} : { "x-ms-continuation-token": continuation },
    });
    expect(res.status).toBe(200);
    out.push(...((await res.json()) as typeof out));
    continuation = res.headers.get("x-ms-continuation-token");
  } while (continuation !== null && continuation !== "");
  return out;
}

describe("backup start under concurrency", () => {
  it(`${starts} concurrent identical starts → one run, ${starts - 1} deduped onto it, one orchestration`, async () => {
    const t0 = Date.now();
    const answers = await Promise.all(
      Array.from({ length: starts }, () => stack.api("POST", `${ws}/tenants/${tenantA.id}/backups`, {})),
    );
    figures.starts_wall_s = (Date.now() - t0) / 1000;
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(202);
    const fresh = answers.filter((a) => a.body.deduped === false);
    const deduped = answers.filter((a) => a.body.deduped === true);
    expect(fresh).toHaveLength(1);
    expect(deduped).toHaveLength(starts - 1);
    const run = fresh[0]?.body.run;
    const backupSetId = fresh[0]?.body.backupSetId as string;
    for (const a of deduped) {
      expect(a.body.run.id).toBe(run.id);
      expect(a.body.backupSetId).toBe(backupSetId);
    }

    const done = await stack.waitForRun(run.id as string, { timeoutMs: 180_000 });
    figures.backup_wall_s = (Date.now() - t0) / 1000;
    expect(done.outcome).toBe("succeeded");

    // One backup run in the ledger, one backup orchestration (its instance id is the run id).
    const runs = await stack.api("GET", `${ws}/runs?type=backup_set.create&limit=100`);
    expect(runs.status).toBe(200);
    const backupRuns = runs.body.items as Json[];
    expect(backupRuns.map((r) => r.id)).toEqual([run.id]);
    const backups = (await instances()).filter((i) => i.name === orchestrationNames.backup);
    expect(backups.map((i) => i.instanceId)).toEqual([run.id]);
    expect(backups[0]?.runtimeStatus).toBe("Completed");
    figures.runs = backupRuns.length;
    figures.orchestrations = backups.length;
    figures.deduped = deduped.length;
  }, 240_000);
});
