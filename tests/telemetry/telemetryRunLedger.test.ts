// The telemetry decorator around the real Cosmos ledger (local Cosmos server): one event per real
// transition, none for deduped starts or repeated calls, every call timed as a Cosmos dependency, and a
// failing telemetry never failing the ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { OperationRun } from "../../shared/domain/operationRun.js";
import type { StartRunInput } from "../../shared/ports/runLedger.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { NoopTelemetry } from "../../shared/telemetry/noopTelemetry.js";
import type { DependencyCall } from "../../shared/telemetry/telemetry.js";
import { TelemetryRunLedger } from "../../shared/telemetry/telemetryRunLedger.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";

class RecordingTelemetry extends NoopTelemetry {
  readonly transitions: OperationRun[] = [];
  readonly dependencies: DependencyCall[] = [];
  override trackRunTransition(run: OperationRun): void {
    this.transitions.push(run);
  }
  override trackDependency(call: DependencyCall): void {
    this.dependencies.push(call);
  }
}

class ThrowingTelemetry extends NoopTelemetry {
  override trackRunTransition(): void {
    throw new Error("telemetry down");
  }
  override trackDependency(): void {
    throw new Error("telemetry down");
  }
}

let cosmos: TestCosmos;

beforeAll(async () => {
  cosmos = await startTestCosmos();
});

afterAll(async () => {
  await cosmos.close();
});

function fetchInput(workspaceId: string): StartRunInput {
  return {
    workspaceId,
    tenantId: "tenant-1",
    type: "assignments.fetch",
    initiator: { userId: "user-1", name: "Oscar Operator" },
    identityInputs: { backupItemId: "item-1" },
    context: { backupItemId: "item-1" },
  };
}

describe("TelemetryRunLedger", () => {
  it("reports queued, running and completed once each, with the run's final figures", async () => {
    const telemetry = new RecordingTelemetry();
    const ledger = new TelemetryRunLedger(
      new CosmosRunLedger({ container: cosmos.containers.runs }),
      telemetry,
    );
    const ws = "ws-telemetry-1";

    const first = await ledger.start(fetchInput(ws));
    const again = await ledger.start(fetchInput(ws));
    expect(again.deduped).toBe(true);
    await ledger.markRunning(ws, first.run.id);
    await ledger.markRunning(ws, first.run.id);
    await ledger.reportProgress(ws, first.run.id, { total: 3, succeeded: 1 });
    const done = await ledger.complete(ws, first.run.id, {
      outcome: "succeeded",
      summaryCounts: { total: 3, succeeded: 3 },
    });
    await ledger.complete(ws, first.run.id, {
      outcome: "succeeded",
      summaryCounts: { total: 3, succeeded: 3 },
    });

    expect(telemetry.transitions.map((r) => `${r.status}/${r.outcome}`)).toEqual([
      "queued/pending",
      "running/pending",
      "completed/succeeded",
    ]);
    expect(new Set(telemetry.transitions.map((r) => r.id))).toEqual(new Set([first.run.id]));
    expect(telemetry.transitions[2]).toEqual(done);
    expect(telemetry.transitions[2]?.summaryCounts).toEqual({ total: 3, succeeded: 3 });
  });

  it("times every ledger call as a Cosmos dependency", async () => {
    const telemetry = new RecordingTelemetry();
    const ledger = new TelemetryRunLedger(
      new CosmosRunLedger({ container: cosmos.containers.runs }),
      telemetry,
    );
    const ws = "ws-telemetry-2";
    const { run } = await ledger.start(fetchInput(ws));
    await ledger.isCanonical(ws, run.id);
    await ledger.list(ws, {}, 10, null);
    await expect(ledger.markRunning(ws, "missing-run")).rejects.toThrow();

    const names = telemetry.dependencies.map((d) => `${d.name}:${String(d.success)}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "runs.start:true",
        "runs.isCanonical:true",
        "runs.list:true",
        "runs.markRunning:false",
      ]),
    );
    for (const d of telemetry.dependencies) {
      expect(d).toMatchObject({ kind: "cosmos", target: "cosmos:runs" });
      expect(d.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("keeps working when telemetry throws", async () => {
    const ledger = new TelemetryRunLedger(
      new CosmosRunLedger({ container: cosmos.containers.runs }),
      new ThrowingTelemetry(),
    );
    const ws = "ws-telemetry-3";
    const { run } = await ledger.start(fetchInput(ws));
    await ledger.markRunning(ws, run.id);
    const done = await ledger.complete(ws, run.id, { outcome: "failed" });
    expect(done.status).toBe("completed");
    expect(done.outcome).toBe("failed");
  });
});
