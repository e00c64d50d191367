// The OperationRun ledger as the rest of the app sees it. Implemented on Cosmos DB in shared/store.
import type {
  FailureEntry,
  OperationRun,
  RunContext,
  RunOutcome,
  RunStatus,
  SummaryCounts,
} from "../domain/operationRun.js";
import type { OperationType } from "../domain/operationTypes.js";

export interface Initiator {
  userId: string | null;
  name: string;
}

export interface StartRunInput {
  workspaceId: string;
  /** Required for tenant-scoped types, null for workspace-scoped ones (the catalog decides). */
  tenantId: string | null;
  type: OperationType;
  initiator: Initiator;
  /** The type's identity inputs (see the catalog); other fields must not be passed here. */
  identityInputs: Readonly<Record<string, unknown>>;
  context?: RunContext;
}

export interface StartRunResult {
  run: OperationRun;
  /** True when an active (or cooling) run for the same identity was answered instead of a new one. */
  deduped: boolean;
  reason?: "active" | "cooldown";
}

export interface CompleteRunInput {
  outcome: Exclude<RunOutcome, "pending">;
  /** Final counts; they replace, never add to, earlier progress (final attempt wins). */
  summaryCounts?: SummaryCounts;
  failures?: readonly FailureEntry[];
}

export interface RunListFilter {
  tenantId?: string;
  type?: OperationType;
  status?: RunStatus;
  outcome?: RunOutcome;
  initiator?: string;
  since?: string;
  until?: string;
}

export interface RunPage {
  items: OperationRun[];
  /** Opaque token for the next page, null when this is the last one. */
  continuation: string | null;
}

export interface RunLedger {
  /** Creates a queued run through the conditional dedupe protocol, or answers the active/cooling one. */
  start(input: StartRunInput): Promise<StartRunResult>;
  get(workspaceId: string, runId: string): Promise<OperationRun | null>;
  /** queued → running (idempotent when already running). */
  markRunning(workspaceId: string, runId: string): Promise<OperationRun>;
  /** Replaces live progress counts (final attempt wins); does not change status. */
  reportProgress(workspaceId: string, runId: string, summaryCounts: SummaryCounts): Promise<void>;
  /** → completed with an outcome; then releases or cools the active-run lock with If-Match. */
  complete(workspaceId: string, runId: string, input: CompleteRunInput): Promise<OperationRun>;
  /** True when the identity's lock still names this run and the run is not completed. */
  isCanonical(workspaceId: string, runId: string): Promise<boolean>;
  /**
   * Adds `childRunId` to the run's `context.childRunIds` (a retry links parent and child both ways).
   * Optional so that implementations can add it later; without it only the child names its parent.
   */
  linkChildRun?(workspaceId: string, runId: string, childRunId: string): Promise<void>;
  /**
   * The deduped answer a `start` with this identity would get now (the active or cooling run), or null when
   * a start would create a new run. Creates nothing but what `start` would repair. Optional; callers without it fall back to `start`.
   */
  holder?(input: Omit<StartRunInput, "initiator" | "context">): Promise<StartRunResult | null>;
  list(
    workspaceId: string,
    filter: RunListFilter,
    limit: number,
    continuation: string | null,
  ): Promise<RunPage>;
}
