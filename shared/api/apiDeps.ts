// The ports the API's use-cases run on. Built once by the composition root (shared/app/compose.ts); the
// durable client adapter is added per request by the HTTP trigger that binds one.
import type { Authenticator } from "../auth/authenticator.js";
import type { AuditLog } from "../ports/auditLog.js";
import type { Clock, IdGenerator } from "../ports/clock.js";
import type { DirectoryStore } from "../ports/directoryStore.js";
import type { IdempotencyStore } from "../ports/idempotencyStore.js";
import type { NotificationStore } from "../ports/notificationStore.js";
import type { OrchestrationControl } from "../ports/orchestrationControl.js";
import type { RunFailureLog } from "../ports/runFailureLog.js";
import type { RunLedger } from "../ports/runLedger.js";
import type { RestorePorts } from "../restore/restorePorts.js";
import type { OrchestrationStarts } from "./orchestrationStarts.js";

/** A dependency `GET /api/health` checks; `check` rejects when it is unreachable. */
export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}

/** Where the API reports unexpected failures; never receives tokens, bodies or e-mails. */
export interface ApiLogger {
  error(message: string, facts: Readonly<Record<string, string | number>>): void;
}

export interface ApiDeps {
  authenticator: Pick<Authenticator, "authenticate">;
  directory: DirectoryStore;
  ledger: RunLedger;
  /** Every failure of a run (the run keeps a preview): the failures page and retry read it. */
  failureLog: RunFailureLog;
  audit: AuditLog;
  notifications: NotificationStore;
  idempotency: IdempotencyStore;
  clock: Clock;
  ids: IdGenerator;
  health: readonly HealthProbe[];
  logger: ApiLogger;
  /** Present when the trigger binds a durable client (run actions and starts). */
  orchestration: OrchestrationControl | null;
  /** Orchestrator name and input per operation type the API may start. */
  orchestrationStarts: OrchestrationStarts;
  /** Backup and restore stores and Graph (backup and restore routes); absent in compositions without them. */
  recovery?: RestorePorts;
}
