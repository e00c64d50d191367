// Timer triggers: NCRONTAB (6 fields, seconds first) or TimeSpan schedules, runOnStartup, and useMonitor's
// schedule status in a table so a run missed while the host was down fires at start with isPastDue.
// A function never overlaps itself: the next occurrence is computed after the previous run ends.
import { TableClient } from "@azure/data-tables";
import { Cron } from "croner";
import { parseTimeSpan, resolveSettingRefs } from "./appConfig.js";
import type { RegisteredFunction } from "./coreApi.js";
import { errorMessage, triggerBindingName, type Invoker } from "./invoker.js";
import { isNotFound } from "./durable/durableStore.js";
import type { RpcTypedData } from "./rpcTypes.js";

interface ScheduleStatus {
  Last: string;
  Next: string;
  LastUpdated: string;
}

interface TimerState {
  fn: RegisteredFunction;
  next: (after: Date) => Date | undefined;
  useMonitor: boolean;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  status: ScheduleStatus | undefined;
}

export function describeSchedule(fn: RegisteredFunction): string {
  const binding = fn.metadata.bindings[triggerBindingName(fn)];
  return typeof binding?.schedule === "string" ? resolveSettingRefs(binding.schedule) : "";
}

export class TimerScheduler {
  readonly #invoker: Invoker;
  readonly #table: TableClient;
  readonly #partition: string;
  readonly #log: (message: string) => void;
  readonly #extraInputs: (fn: RegisteredFunction) => Record<string, RpcTypedData>;
  readonly #timers: TimerState[] = [];
  #stopped = false;

  constructor(
    invoker: Invoker,
    connectionString: string,
    partition: string,
    log: (message: string) => void,
    /** Inputs the host binds itself (the durable client), per function. */
    extraInputs: (fn: RegisteredFunction) => Record<string, RpcTypedData> = () => ({}),
  ) {
    this.#invoker = invoker;
    this.#extraInputs = extraInputs;
    this.#table = TableClient.fromConnectionString(connectionString, "LocalHostTimers", {
      allowInsecureConnection: true,
    });
    this.#partition = partition;
    this.#log = log;
  }

  async start(functions: RegisteredFunction[]): Promise<void> {
    if (functions.length === 0) return;
    await this.#table.createTable();
    for (const fn of functions) {
      const binding = fn.metadata.bindings[triggerBindingName(fn)] ?? {};
      const schedule = describeSchedule(fn);
      const interval = parseTimeSpan(schedule);
      let next: (after: Date) => Date | undefined;
      if (interval !== undefined) {
        next = (after) => new Date(after.getTime() + Math.max(interval, 1000));
      } else {
        const cron = new Cron(schedule, { paused: true });
        next = (after) => cron.nextRun(after) ?? undefined;
      }
      const state: TimerState = {
        fn,
        next,
        useMonitor: binding.useMonitor !== false,
        timer: undefined,
        running: undefined,
        status: undefined,
      };
      this.#timers.push(state);
      if (state.useMonitor) state.status = await this.#readStatus(fn.metadata.name);
      const pastDue = state.status !== undefined && Date.parse(state.status.Next) < Date.now();
      if (binding.runOnStartup === true || pastDue) {
        this.#fire(state, pastDue);
      } else {
        this.#arm(state);
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const state of this.#timers) clearTimeout(state.timer);
    await Promise.allSettled(this.#timers.flatMap((s) => (s.running ? [s.running] : [])));
  }

  #arm(state: TimerState): void {
    if (this.#stopped) return;
    const at = state.next(new Date());
    if (!at) return;
    const delay = Math.max(0, at.getTime() - Date.now());
    // setTimeout holds at most ~24.8 days; re-arm for longer waits.
    state.timer = setTimeout(
      () => {
        if (Date.now() + 5 < at.getTime()) this.#arm(state);
        else this.#fire(state, false);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
  }

  #fire(state: TimerState, isPastDue: boolean): void {
    if (this.#stopped || state.running) return;
    state.running = this.#run(state, isPastDue).finally(() => {
      state.running = undefined;
      this.#arm(state);
    });
  }

  async #run(state: TimerState, isPastDue: boolean): Promise<void> {
    const now = new Date();
    const nextAt = state.next(now) ?? now;
    const payload = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: state.status ?? null,
      IsPastDue: isPastDue,
    };
    try {
      await this.#invoker.invoke(state.fn, {
        trigger: { json: JSON.stringify(payload) },
        extraInputs: this.#extraInputs(state.fn),
      });
    } catch (err) {
      this.#log(`Timer function ${state.fn.metadata.name} failed: ${errorMessage(err)}`);
    }
    if (state.useMonitor) {
      state.status = {
        Last: now.toISOString(),
        Next: nextAt.toISOString(),
        LastUpdated: new Date().toISOString(),
      };
      await this.#table
        .upsertEntity(
          { partitionKey: this.#partition, rowKey: state.fn.metadata.name, ...state.status },
          "Replace",
        )
        .catch((err: unknown) => {
          this.#log(`Timer status for ${state.fn.metadata.name} not saved: ${errorMessage(err)}`);
        });
    }
  }

  async #readStatus(name: string): Promise<ScheduleStatus | undefined> {
    try {
      const row = await this.#table.getEntity<Partial<ScheduleStatus>>(this.#partition, name);
      if (
        typeof row.Last === "string" &&
        typeof row.Next === "string" &&
        typeof row.LastUpdated === "string"
      ) {
        return { Last: row.Last, Next: row.Next, LastUpdated: row.LastUpdated };
      }
      return undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
