// A RunLedger decorator that reports every OperationRun transition (queued, running, completed) to
// telemetry and times each ledger call as a Cosmos dependency. Wrap the ledger once in the composition root:
// `new TelemetryRunLedger(new CosmosRunLedger(...), telemetry)`. Telemetry never changes the ledger's
// behaviour: a failing telemetry call is swallowed, a failing ledger call is rethrown unchanged.
import type { OperationRun, RunStatus } from "../domain/operationRun.js";
import type {
  CompleteRunInput,
  RunLedger,
  RunListFilter,
  RunPage,
  StartRunInput,
  StartRunResult,
} from "../ports/runLedger.js";
import type { Telemetry } from "./telemetry.js";
import { trackDependencyCall } from "./trackDependencyCall.js";

export class TelemetryRunLedger implements RunLedger {
  readonly linkChildRun?: (workspaceId: string, runId: string, childRunId: string) => Promise<void>;
  readonly holder?: (input: Omit<StartRunInput, "initiator" | "context">) => Promise<StartRunResult | null>;

  constructor(
    private readonly inner: RunLedger,
    private readonly telemetry: Telemetry,
  ) {
    const link = inner.linkChildRun?.bind(inner);
    if (link !== undefined) {
      this.linkChildRun = (workspaceId, runId, childRunId) =>
        this.timed("linkChildRun", () => link(workspaceId, runId, childRunId));
    }
    const holder = inner.holder?.bind(inner);
    if (holder !== undefined) this.holder = (input) => this.timed("holder", () => holder(input));
  }

  async start(input: StartRunInput): Promise<StartRunResult> {
    const result = await this.timed("start", () => this.inner.start(input));
    // A deduped start answers an existing run: no transition happened.
    if (!result.deduped) this.transition(result.run);
    return result;
  }

  get(workspaceId: string, runId: string): Promise<OperationRun | null> {
    return this.timed("get", () => this.inner.get(workspaceId, runId));
  }

  async markRunning(workspaceId: string, runId: string): Promise<OperationRun> {
    const before = await this.statusBefore(workspaceId, runId);
    const run = await this.timed("markRunning", () => this.inner.markRunning(workspaceId, runId));
    // markRunning is idempotent (activity retries, replays): report only the call that moved the run.
    if (before !== "running" && run.status === "running") this.transition(run);
    return run;
  }

  reportProgress(
    workspaceId: string,
    runId: string,
    summaryCounts: OperationRun["summaryCounts"],
  ): Promise<void> {
    return this.timed("reportProgress", () => this.inner.reportProgress(workspaceId, runId, summaryCounts));
  }

  async complete(workspaceId: string, runId: string, input: CompleteRunInput): Promise<OperationRun> {
    const before = await this.statusBefore(workspaceId, runId);
    const run = await this.timed("complete", () => this.inner.complete(workspaceId, runId, input));
    // Completing a completed run with the same outcome answers it unchanged: not a transition.
    if (before !== "completed" && run.status === "completed") this.transition(run);
    return run;
  }

  isCanonical(workspaceId: string, runId: string): Promise<boolean> {
    return this.timed("isCanonical", () => this.inner.isCanonical(workspaceId, runId));
  }

  list(
    workspaceId: string,
    filter: RunListFilter,
    limit: number,
    continuation: string | null,
  ): Promise<RunPage> {
    return this.timed("list", () => this.inner.list(workspaceId, filter, limit, continuation));
  }

  private timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return trackDependencyCall(
      {
        trackDependency: (c) => {
          this.safely(() => {
            this.telemetry.trackDependency(c);
          });
        },
      },
      { kind: "cosmos", name: `runs.${operation}`, target: "cosmos:runs" },
      call,
    );
  }

  /** The run's status before a transition (one point read); unknown when the read fails. */
  private async statusBefore(workspaceId: string, runId: string): Promise<RunStatus | "unknown"> {
    try {
      const run = await this.timed("get", () => this.inner.get(workspaceId, runId));
      return run?.status ?? "unknown";
    } catch {
      return "unknown";
    }
  }

  private transition(run: OperationRun): void {
    this.safely(() => {
      this.telemetry.trackRunTransition(run);
    });
  }

  private safely(report: () => void): void {
    try {
      report();
    } catch {
      // Telemetry must never fail a run or a ledger call.
    }
  }
}
