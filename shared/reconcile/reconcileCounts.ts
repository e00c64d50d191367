// The summary counts of an `ops.reconcile_adapter_runs` run (keys allowed by the operation catalog).
export interface ReconcileCounts {
  /** Active runs compared with their orchestration. */
  checked: number;
  /** Active runs completed because their orchestration ended or is missing. */
  reconciled: number;
  /** Active-run locks deleted because their run is missing or completed (and any cooldown is over). */
  locks_released: number;
  /** Runs newly flagged as running beyond their type's expected duration × the stale factor. */
  stale: number;
  /** Repairs that threw; each has a failure entry with a stable code. */
  failed: number;
}

export function zeroCounts(): ReconcileCounts {
  return { checked: 0, reconciled: 0, locks_released: 0, stale: 0, failed: 0 };
}
