// Every failure of a run, one entry each, beyond the preview the run document keeps: what the run detail
// pages through by reason code and what "retry failed items" selects. Implemented on Cosmos in shared/store.
import type { FailureCounts, FailureEntry } from "../domain/operationRun.js";
import type { ReasonCode } from "../domain/reasonCodes.js";

export interface FailurePageQuery {
  reasonCode?: ReasonCode | undefined;
  /** Case-insensitive substring of the item id, the item's name or the message. */
  search?: string | undefined;
  limit: number;
  continuation: string | null;
}

export interface FailurePage {
  /** Grouped by reason code, then by item. */
  items: FailureEntry[];
  continuation: string | null;
}

export interface FailureTally {
  byReason: FailureCounts;
  failedItems: number;
}

export interface RunFailureLog {
  /** Records failures of a run; recording the same failure again (a retried activity) changes nothing. */
  record(workspaceId: string, runId: string, failures: readonly FailureEntry[]): Promise<void>;
  page(workspaceId: string, runId: string, query: FailurePageQuery): Promise<FailurePage>;
  /** Every failure recorded for the run per reason code, and how many distinct items they name. */
  tally(workspaceId: string, runId: string): Promise<FailureTally>;
  /** Ids of the items with a failure, sorted, at most `max` (a retry's selection). */
  failedItemIds(workspaceId: string, runId: string, max: number): Promise<string[]>;
}
