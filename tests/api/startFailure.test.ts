// When Durable cannot start an orchestration (its storage unreachable), the start answers a retryable 503
// and the run it had queued is completed as failed: its lock is released, so the caller's retry starts a
// new run instead of being deduped onto a run nothing will ever execute.
import { afterAll, beforeAll, expect, it } from "vitest";

import type { OperationRun } from "../../shared/domain/operationRun.js";
import { type ApiWorld, startApiWorld } from "./support/apiWorld.js";
import { expectContract } from "./support/responseContract.js";

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.stop();
});

it("a failed orchestration start fails the run, releases its lock, and answers 503 with Retry-After", async () => {
  const failed = await world.newRun("ws-a", "failed");
  const path = `/api/workspaces/ws-a/runs/${failed.id}/retry`;
  world.orchestration.failStarts = true;
  const refused = await world.call("POST", path, { as: "operator" });
  world.orchestration.failStarts = false;
  expectContract("runs-retry", refused);
  expect(refused.status).toBe(503);
  expect(refused.headers["retry-after"]).toBe("5");
  expect(JSON.stringify(refused.body)).not.toContain("ECONNREFUSED");
  expect(world.loggedErrors).toContainEqual(
    expect.objectContaining({ type: "restore.execute", error: "Error" }),
  );

  const { items } = await world.store.runLedger.list("ws-a", { type: "restore.execute" }, 50, null);
  const unstarted = items.find((r) => r.context.parentRunId === failed.id);
  expect(unstarted).toMatchObject({ status: "completed", outcome: "failed" });
  expect(unstarted?.failureSummary.map((f) => f.reasonCode)).toEqual(["orchestration_start_failed"]);

  const retried = await world.call("POST", path, { as: "operator" });
  expect(retried.status).toBe(202);
  const started = retried.body as { run: OperationRun; deduped: boolean };
  expect(started.deduped).toBe(false);
  expect(started.run.id).not.toBe(unstarted?.id);
  expect(world.orchestration.started.at(-1)?.instanceId).toBe(started.run.id);
});
