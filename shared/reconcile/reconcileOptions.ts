// The reconciler's tunables, read from settings (RECONCILE_GRACE_MINUTES, RECONCILE_STALE_FACTOR,
// ASSIGNMENT_COOLDOWN_MINUTES) by the composition root.
import type { Settings } from "../config/settings.js";

export interface ReconcileOptions {
  /** Minutes an active run may exist without its orchestration (or a lock without its run) before repair. */
  graceMinutes: number;
  /** A run older than its type's expected duration × this factor is flagged stale. */
  staleFactor: number;
  /** Cooldown after completion for catalog types with `cooldown: true`; their lock is kept until it ends. */
  cooldownMinutes: number;
}

export function reconcileOptionsFrom(
  settings: Pick<
    Settings,
    "RECONCILE_GRACE_MINUTES" | "RECONCILE_STALE_FACTOR" | "ASSIGNMENT_COOLDOWN_MINUTES"
  >,
): ReconcileOptions {
  return {
    graceMinutes: settings.RECONCILE_GRACE_MINUTES,
    staleFactor: settings.RECONCILE_STALE_FACTOR,
    cooldownMinutes: settings.ASSIGNMENT_COOLDOWN_MINUTES,
  };
}
