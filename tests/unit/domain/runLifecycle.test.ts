import { describe, expect, it } from "vitest";

import { IllegalTransitionError, ValidationError } from "../../../shared/domain/errors.js";
import {
  canTransition,
  newQueuedRun,
  toCompleted,
  toRunning,
  validateRun,
  withProgress,
} from "../../../shared/domain/runLifecycle.js";

const t0 = new Date("2026-01-01T10:00:00.000Z");
const t1 = new Date("2026-01-01T10:01:00.000Z");
const t2 = new Date("2026-01-01T10:02:00.000Z");

const queued = newQueuedRun({
  id: "run-1",
  workspaceId: "ws-1",
  tenantId: "tenant-1",
  type: "assignments.restore",
  userId: "user-1",
  initiatorName: "Oscar Operator",
  runIdentityHash: "a".repeat(64),
  context: { restoreRunId: "rr-1" },
  now: t0,
});

describe("run lifecycle", () => {
  it("starts queued with outcome pending and no counts", () => {
    expect(queued).toMatchObject({
      status: "queued",
      outcome: "pending",
      summaryCounts: {},
      failureSummary: [],
    });
    expect(queued.createdAt).toBe(t0.toISOString());
    expect(queued.startedAt).toBeNull();
  });

  it("moves only forward: queued → running → completed", () => {
    expect(canTransition("queued", "running")).toBe(true);
    expect(canTransition("running", "completed")).toBe(true);
    expect(canTransition("running", "queued")).toBe(false);
    expect(canTransition("completed", "running")).toBe(false);
    expect(canTransition("completed", "queued")).toBe(false);

    const running = toRunning(queued, t1);
    expect(running).toMatchObject({ status: "running", outcome: "pending", startedAt: t1.toISOString() });
    const done = toCompleted(
      running,
      { outcome: "partially_succeeded", summaryCounts: { total: 2, failed: 1 } },
      t2,
    );
    expect(done).toMatchObject({
      status: "completed",
      outcome: "partially_succeeded",
      completedAt: t2.toISOString(),
      summaryCounts: { total: 2, failed: 1 },
    });
    expect(validateRun(done)).toEqual(done);
  });

  it("treats markRunning on a running run as a replay (unchanged)", () => {
    const running = toRunning(queued, t1);
    expect(toRunning(running, t2)).toBe(running);
  });

  it("rejects transitions out of completed", () => {
    const done = toCompleted(toRunning(queued, t1), { outcome: "succeeded" }, t2);
    expect(() => toRunning(done, t2)).toThrowError(IllegalTransitionError);
    expect(() => toRunning(done, t2)).toThrowError(/^status: illegal transition completed → running/);
    expect(() => toCompleted(done, { outcome: "failed" }, t2)).toThrowError(/^outcome: illegal transition/);
    expect(() => withProgress(done, { total: 1 }, t2)).toThrowError(IllegalTransitionError);
  });

  it("answers a repeated completion with the same outcome unchanged (retried activity)", () => {
    const done = toCompleted(toRunning(queued, t1), { outcome: "succeeded" }, t2);
    expect(toCompleted(done, { outcome: "succeeded", summaryCounts: { total: 99 } }, t2)).toBe(done);
  });

  it("never completes with outcome pending", () => {
    expect(() => toCompleted(toRunning(queued, t1), { outcome: "pending" as never }, t2)).toThrowError(
      /^outcome: illegal transition pending → pending/,
    );
  });

  it("lets a run that never ran end only as failed, blocked or cancelled", () => {
    expect(toCompleted(queued, { outcome: "blocked" }, t1).status).toBe("completed");
    expect(toCompleted(queued, { outcome: "cancelled" }, t1).startedAt).toBeNull();
    expect(() => toCompleted(queued, { outcome: "succeeded" }, t1)).toThrowError(IllegalTransitionError);
  });

  it("sanitizes failures on completion", () => {
    const done = toCompleted(
      toRunning(queued, t1),
      {
        outcome: "failed",
        failures: [
          {
            code: "assignments.restore.item",
            reasonCode: "graph_forbidden",
            message: "denied for admin@contoso.com",
          },
        ],
      },
      t2,
    );
    expect(done.failureSummary[0]?.message).toBe("denied for [email]");
  });

  it("rejects documents that break the invariants, naming the field", () => {
    expect(() => validateRun({ ...queued, outcome: "succeeded" })).toThrowError(/^outcome: must be pending/);
    expect(() => validateRun({ ...queued, status: "completed" })).toThrowError(
      /^outcome: must not be pending/,
    );
    expect(() => validateRun({ ...queued, status: "running" })).toThrowError(/^startedAt:/);
    expect(() => validateRun({ ...queued, workspaceId: "" })).toThrowError(ValidationError);
    expect(() => validateRun({ ...queued, workspaceId: "" })).toThrowError(/^workspaceId:/);
    expect(() => validateRun({ ...queued, runIdentityHash: "nope" })).toThrowError(/^runIdentityHash:/);
  });

  it("rejects invalid progress counts, naming the field", () => {
    expect(() => withProgress(toRunning(queued, t1), { total: -2 }, t2)).toThrowError(
      /^summaryCounts\.total:/,
    );
  });
});
