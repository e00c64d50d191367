// Scheduled backups (spec 086): each tenant may carry a six-field NCRONTAB (`backupSchedule`, UTC). A timer
// calls this every minute; every occurrence in the look-back window that has no run yet becomes a
// `backup_schedule.scheduled` run with `backupScheduleId` and `scheduledFor` (the UTC minute) in its
// identity, and its backup orchestration starts with instance id = run id. A minute missed while no host
// ran is fired by the next pass; an occurrence already fired (active: the lock dedupes; completed: it is
// in the ledger) is never fired again.
import { createHash } from "node:crypto";

import { Cron } from "croner";

import type { Tenant } from "../domain/directory.js";
import type { OperationRun } from "../domain/operationRun.js";
import type { Clock } from "../ports/clock.js";
import type { RunLedger } from "../ports/runLedger.js";

export interface ScheduleDeps {
  /** Tenants of every workspace that have a backup schedule. */
  scheduledTenants(): Promise<Tenant[]>;
  ledger: RunLedger;
  clock: Clock;
  /** Starts the backup orchestration of a new run. */
  startOrchestration(run: OperationRun): Promise<void>;
}

export interface ScheduleOptions {
  /** How far back a missed occurrence is still fired. */
  lookbackMinutes: number;
  /** At most this many occurrences per tenant and pass (the newest). */
  maxPerTenant: number;
}

export const defaultScheduleOptions: ScheduleOptions = { lookbackMinutes: 60, maxPerTenant: 3 };

export interface FiredSchedule {
  workspaceId: string;
  tenantId: string;
  scheduledFor: string;
  runId: string | null;
  outcome: "started" | "deduped" | "already_fired" | "invalid_schedule";
}

export const backupScheduleId = (tenantId: string): string => `schedule:${tenantId}`;

const minute = (d: Date): Date => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** Occurrences (UTC minutes) in (now - lookback, now], oldest first; null when the expression is invalid. */
export function dueMinutes(expression: string, now: Date, options: ScheduleOptions): Date[] | null {
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), { timezone: "UTC", paused: true });
  } catch {
    return null;
  }
  const end = minute(now);
  const start = new Date(end.getTime() - options.lookbackMinutes * 60_000);
  const seen = new Map<number, Date>();
  // Walk forward from the window start; a seconds field can match many times a minute, so skip to the
  // next minute after each match.
  for (let at = cron.nextRun(start); at !== null && at.getTime() <= now.getTime();) {
    const m = minute(at);
    seen.set(m.getTime(), m);
    at = cron.nextRun(new Date(m.getTime() + 59_999));
  }
  return [...seen.values()].slice(-options.maxPerTenant);
}

function scheduledBackupSetId(tenantId: string, scheduledFor: string): string {
  const digest = createHash("sha256").update(`${tenantId}\u001f${scheduledFor}`).digest("hex");
  return `bs_sched_${digest.slice(0, 32)}`;
}

async function alreadyFired(
  deps: ScheduleDeps,
  tenant: Tenant,
  scheduleId: string,
  scheduledFor: string,
): Promise<boolean> {
  let continuation: string | null = null;
  do {
    const page = await deps.ledger.list(
      tenant.workspaceId,
      { tenantId: tenant.id, type: "backup_schedule.scheduled", since: scheduledFor },
      100,
      continuation,
    );
    if (
      page.items.some(
        (r) => r.context.backupScheduleId === scheduleId && r.context.scheduledFor === scheduledFor,
      )
    ) {
      return true;
    }
    continuation = page.continuation;
  } while (continuation !== null);
  return false;
}

export async function fireDueSchedules(
  deps: ScheduleDeps,
  options: ScheduleOptions = defaultScheduleOptions,
): Promise<FiredSchedule[]> {
  const now = deps.clock.now();
  const fired: FiredSchedule[] = [];
  for (const tenant of await deps.scheduledTenants()) {
    if (tenant.backupSchedule === null) continue;
    const base = { workspaceId: tenant.workspaceId, tenantId: tenant.id };
    const due = dueMinutes(tenant.backupSchedule, now, options);
    if (due === null) {
      fired.push({ ...base, scheduledFor: "", runId: null, outcome: "invalid_schedule" });
      continue;
    }
    const scheduleId = backupScheduleId(tenant.id);
    for (const at of due) {
      const scheduledFor = at.toISOString();
      if (await alreadyFired(deps, tenant, scheduleId, scheduledFor)) {
        fired.push({ ...base, scheduledFor, runId: null, outcome: "already_fired" });
        continue;
      }
      const result = await deps.ledger.start({
        workspaceId: tenant.workspaceId,
        tenantId: tenant.id,
        type: "backup_schedule.scheduled",
        initiator: { userId: null, name: "Backup schedule" },
        identityInputs: { backupScheduleId: scheduleId, scheduledFor },
        context: {
          backupScheduleId: scheduleId,
          scheduledFor,
          backupSetId: scheduledBackupSetId(tenant.id, scheduledFor),
          selection: {},
        },
      });
      if (!result.deduped) await deps.startOrchestration(result.run);
      fired.push({
        ...base,
        scheduledFor,
        runId: result.run.id,
        outcome: result.deduped ? "deduped" : "started",
      });
    }
  }
  return fired;
}
