// The ports activities use, from one factory the composition root installs at startup. Activities never pick
// adapters themselves; tests install in-memory ports the same way.
import type { TenantRoleSource } from "../shared/graph/permissionCheck.js";
import type { Clock } from "../shared/ports/clock.js";
import type { AuditLog } from "../shared/ports/auditLog.js";
import type { BackupStore } from "../shared/ports/backupStore.js";
import type { PolicyGraph } from "../shared/ports/policyGraph.js";
import type { RestoreStore } from "../shared/ports/restoreStore.js";
import type { RunFailureLog } from "../shared/ports/runFailureLog.js";
import type { RunLedger } from "../shared/ports/runLedger.js";

export interface ActivityDeps {
  ledger: RunLedger;
  /** Item-level failures are recorded here as they happen (the run document keeps only a preview). */
  failureLog: RunFailureLog;
  backups: BackupStore;
  restores: RestoreStore;
  graph: PolicyGraph;
  audit: AuditLog;
  clock: Clock;
  /** Structured, non-secret log line (the Functions context's logger in production). */
  log: (event: string, properties: Readonly<Record<string, unknown>>) => void;
  /** Connection verification: the app's roles in a tenant from a fresh token (absent in older test wiring). */
  connections?: TenantRoleSource;
}

let factory: (() => ActivityDeps) | null = null;

export function setActivityDeps(create: () => ActivityDeps): void {
  factory = create;
}

export function getActivityDeps(): ActivityDeps {
  if (factory === null) throw new Error("activityDeps: not configured; call setActivityDeps at startup");
  return factory();
}
