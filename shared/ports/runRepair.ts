// What the reconciler needs beyond the RunLedger: the raw documents with their etags, so that every repair
// is a conditional write (If-Match) and a concurrent actor (the run's own completion, another reconciler)
// makes it lose with 412 instead of writing twice. Implemented on Cosmos DB in shared/store/CosmosRunRepair.
import type { OperationRun } from "../domain/operationRun.js";
import type { OperationType } from "../domain/operationTypes.js";

/** A document as read, with the etag a conditional write must present. */
export interface Versioned<T> {
  doc: T;
  etag: string;
}

/** The parts of an active-run lock the reconciler reasons about. */
export interface RunLockView {
  /** The run identity hash. */
  id: string;
  workspaceId: string;
  tenantId: string | null;
  type: OperationType;
  runId: string;
  state: "active" | "cooling";
  cooldownUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Answer of a conditional write: `conflict` = 412/404, someone else acted first. */
export type ConditionalWrite = "written" | "conflict";

export interface RunRepair {
  /** Every queued or running run of the workspace. */
  listActiveRuns(workspaceId: string): Promise<Versioned<OperationRun>[]>;
  /** Every active-run lock (active or cooling) of the workspace. */
  listLocks(workspaceId: string): Promise<Versioned<RunLockView>[]>;
  readRun(workspaceId: string, runId: string): Promise<Versioned<OperationRun> | null>;
  /** Replaces a run document only if it is unchanged since it was read. */
  replaceRun(run: OperationRun, etag: string): Promise<ConditionalWrite>;
  /** Deletes a lock only if it is unchanged since it was read. */
  deleteLock(workspaceId: string, lockId: string, etag: string): Promise<ConditionalWrite>;
}

/** The workspaces a timer pass visits. */
export interface WorkspaceLister {
  listWorkspaceIds(): Promise<string[]>;
}
