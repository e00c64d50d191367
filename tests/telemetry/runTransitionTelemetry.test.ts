import { describe, expect, it } from "vitest";

import { describeRunTransition } from "../../shared/telemetry/runTransitionTelemetry.js";
import { completedRun, queuedRun, runningRun } from "./runFixtures.js";

describe("describeRunTransition", () => {
  it("describes a queued run: ids and a transition count, no durations", () => {
    const { event, metrics } = describeRunTransition(queuedRun());
    expect(event.name).toBe("OperationRunTransition");
    expect(event.properties).toEqual({
      operationRunId: "run-7f3c2a",
      workspaceId: "ws-contoso-msp",
      tenantId: "3f1c8a52-5d0e-4b7a-9c1e-2a6b9d4e7f10",
      type: "backup_set.create",
      status: "queued",
      outcome: "pending",
      runIdentityHash: "a".repeat(64),
      initiatedBy: "user",
      reasonCodes: "",
    });
    expect(event.measurements).toEqual({ failureCount: 0 });
    expect(metrics).toEqual([
      {
        name: "OperationRun.Transitions",
        value: 1,
        properties: { type: "backup_set.create", status: "queued", outcome: "pending" },
      },
    ]);
  });

  it("adds the time spent queued when the run starts", () => {
    const { event, metrics } = describeRunTransition(runningRun());
    expect(event.measurements.queuedMs).toBe(4000);
    expect(metrics.find((m) => m.name === "OperationRun.QueuedMs")?.value).toBe(4000);
  });

  it("adds duration, final counts and reason codes on completion", () => {
    const { event, metrics } = describeRunTransition(completedRun());
    expect(event.properties.reasonCodes).toBe("graph_forbidden,graph_throttled");
    expect(event.measurements).toEqual({
      failureCount: 2,
      queuedMs: 4000,
      durationMs: 90_000,
      "count.total": 10,
      "count.succeeded": 8,
      "count.failed": 2,
    });
    const counts = metrics.filter((m) => m.name === "OperationRun.SummaryCount");
    expect(counts.map((m) => [m.properties.countKey, m.value])).toEqual([
      ["total", 10],
      ["succeeded", 8],
      ["failed", 2],
    ]);
    expect(metrics.find((m) => m.name === "OperationRun.DurationMs")).toEqual({
      name: "OperationRun.DurationMs",
      value: 90_000,
      properties: { type: "backup_set.create", status: "completed", outcome: "partially_succeeded" },
    });
  });

  it("never carries the initiator, user id, context text or failure messages", () => {
    const run = completedRun({
      initiatorName: "Alice Operator",
      userId: "user-secret-id",
      context: { reason: "because", parentRunId: "run-parent" },
      failureSummary: [{ code: "x.step", reasonCode: "unknown", message: "message-text-never-sent" }],
    });
    const text = JSON.stringify(describeRunTransition(run));
    for (const absent of ["Alice Operator", "user-secret-id", "because", 'throttled"']) {
      expect(text).not.toContain(absent);
    }
    expect(describeRunTransition(run).event.properties.parentRunId).toBe("run-parent");
  });

  it("marks system runs and workspace-scoped runs", () => {
    const { event } = describeRunTransition(queuedRun({ userId: null, tenantId: null }));
    expect(event.properties.initiatedBy).toBe("system");
    expect(event.properties.tenantId).toBe("");
  });
});
