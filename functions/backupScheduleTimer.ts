// Timer trigger (%BACKUP_SCHEDULE_TIMER%, every minute by default): fires the tenants' due backup
// schedules as `backup_schedule.scheduled` runs and starts their backup orchestrations
// (shared/schedule/fireDueSchedules.ts). Ids and outcomes are logged, never payloads.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import * as df from "durable-functions";

import { fireDueSchedules } from "../shared/schedule/fireDueSchedules.js";
import { DurableOrchestrationControl } from "./adapters/durableOrchestrationControl.js";
import { orchestrationStarts } from "./adapters/orchestrationStarts.js";
import { activityDeps } from "./orchestrations.js";

export async function backupScheduleTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const deps = activityDeps();
  const control = new DurableOrchestrationControl(df.getClient(context));
  const fired = await fireDueSchedules({
    scheduledTenants: () => deps.scheduledTenants(),
    ledger: deps.ledger,
    clock: deps.clock,
    startOrchestration: async (run) => {
      const start = orchestrationStarts[run.type]?.(run, {
        userId: null,
        name: run.initiatorName,
        kind: "system",
      });
      if (start === undefined || start === null)
        throw new Error(`backupSchedule: run ${run.id} cannot start`);
      await control.start(start.name, run.id, start.input);
    },
  });
  for (const f of fired) context.log("backup_schedule", { ...f, isPastDue: timer.isPastDue });
}

app.timer("backupScheduleTimer", {
  schedule: "%BACKUP_SCHEDULE_TIMER%",
  extraInputs: [df.input.durableClient()],
  handler: backupScheduleTimer,
});
