// A small Durable host for unit tests: drives an orchestrator through durable-functions' own Orchestrator
// (the code the real host calls) by building the history event by event, as the Durable extension does.
// Each episode replays the whole history; activities run in-process against the test's ports. Retries are
// recorded the way the extension records them (TaskFailed, timer, rescheduled attempt), so the executor's
// sequence numbers line up. Limits: V1 replay schema; one exhausted retry per fan-out window.
import { createRequire } from "node:module";

import * as df from "durable-functions";

const require = createRequire(import.meta.url);
const { Orchestrator } = require("durable-functions/lib/src/orchestrations/Orchestrator.js") as {
  Orchestrator: new (fn: unknown) => {
    listen(): (trigger: unknown, context: unknown) => Promise<OrchestratorState>;
  };
};

interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output: unknown;
  error?: string;
}

interface Action {
  actionType: number;
  functionName: string;
  input: unknown;
  instanceId?: string;
  retryOptions?: { maxNumberOfAttempts: number };
}

type HistoryEvent = Record<string, unknown> & { EventType: number; IsPlayed: boolean };

export type ActivityHandler = (input: unknown) => Promise<unknown>;

export interface HarnessRegistry {
  activities: Record<string, ActivityHandler>;
  orchestrators: Record<string, (context: df.OrchestrationContext) => Generator<df.Task, unknown, unknown>>;
}

export interface HarnessOptions {
  /** Runs every activity twice and keeps the second result: at-least-once delivery (a host crash after work). */
  duplicateDeliveries?: boolean;
}

export interface ActivityCall {
  name: string;
  input: unknown;
  attempt: number;
  failed: boolean;
}

export interface HarnessResult {
  status: "completed" | "failed";
  output: unknown;
  error: string | null;
  episodes: number;
  history: HistoryEvent[];
  calls: ActivityCall[];
}

const EventType = {
  ExecutionStarted: 0,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
} as const;

const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
};

export class ReplayHarness {
  readonly calls: ActivityCall[] = [];
  private clock = Date.parse("2026-11-25T12:00:00.000Z");

  constructor(
    private readonly registry: HarnessRegistry,
    private readonly options: HarnessOptions = {},
  ) {}

  async run(name: string, input: unknown, instanceId: string, parentInstanceId = ""): Promise<HarnessResult> {
    const fn = this.registry.orchestrators[name];
    if (fn === undefined) throw new Error(`harness: no orchestrator ${name}`);
    const handler = new Orchestrator(fn).listen();
    const history: HistoryEvent[] = [
      this.event(EventType.OrchestratorStarted, -1, {}),
      this.event(EventType.ExecutionStarted, -1, { Name: name, Input: JSON.stringify(input) }),
    ];
    let seen: string[] = [];
    let sequence = 0;
    for (let episode = 1; episode < 10_000; episode++) {
      let state: OrchestratorState;
      try {
        state = await handler(
          { history, input, instanceId, isReplaying: false, parentInstanceId, upperSchemaVersion: 0 },
          new df.DummyOrchestrationContext(name, instanceId, () => undefined),
        );
      } catch (error) {
        return {
          status: "failed",
          output: null,
          error: String(error),
          episodes: episode,
          history,
          calls: this.calls,
        };
      }
      const flat = state.actions.flat();
      const signature = flat.map((a) => `${a.functionName}:${JSON.stringify(a.input)}`);
      // Determinism: a replay must schedule exactly what it scheduled before, in the same order.
      if (signature.slice(0, seen.length).join("\n") !== seen.join("\n")) {
        throw new Error(`harness: non-deterministic replay of ${name} in episode ${episode}`);
      }
      if (state.isDone) {
        return {
          status: "completed",
          output: state.output,
          error: null,
          episodes: episode,
          history,
          calls: this.calls,
        };
      }
      const fresh = flat.slice(seen.length);
      if (fresh.length === 0) throw new Error(`harness: ${name} is waiting on nothing`);
      seen = signature;
      for (const event of history) event.IsPlayed = true;
      history.push(this.event(EventType.OrchestratorStarted, -1, {}));
      const retrying: HistoryEvent[][] = [];
      // The executor numbered these tasks when they were yielded, before any retry timer of this episode.
      const ids = fresh.map(() => sequence++);
      for (const [index, action] of fresh.entries()) {
        const id = ids[index] ?? -1;
        const events = await this.execute(action, id, instanceId, () => sequence++);
        if (events.some((e) => e.EventType === EventType.TaskFailed)) retrying.push(events);
        else history.push(...events);
      }
      // Attempts that failed go last so that the executor hands out retry sequence numbers in this order.
      for (const events of retrying) history.push(...events);
    }
    throw new Error("harness: too many episodes");
  }

  private async execute(
    action: Action,
    id: number,
    parent: string,
    next: () => number,
  ): Promise<HistoryEvent[]> {
    if (
      action.actionType === ActionType.CallSubOrchestrator ||
      action.actionType === ActionType.CallSubOrchestratorWithRetry
    ) {
      const instanceId = action.instanceId ?? `${parent}:${id}`;
      const created = this.event(EventType.SubOrchestrationInstanceCreated, id, {
        Name: action.functionName,
        InstanceId: instanceId,
        Input: JSON.stringify(action.input),
      });
      const result = await this.run(action.functionName, action.input, instanceId, parent);
      return result.status === "completed"
        ? [
            created,
            this.event(EventType.SubOrchestrationInstanceCompleted, -1, {
              TaskScheduledId: id,
              Result: JSON.stringify(result.output),
            }),
          ]
        : [
            created,
            this.event(EventType.SubOrchestrationInstanceFailed, -1, {
              TaskScheduledId: id,
              Reason: "failed",
              Details: result.error ?? "",
            }),
          ];
    }
    if (
      action.actionType !== ActionType.CallActivity &&
      action.actionType !== ActionType.CallActivityWithRetry
    ) {
      throw new Error(`harness: unsupported action type ${action.actionType}`);
    }
    const attempts = action.retryOptions?.maxNumberOfAttempts ?? 1;
    const events: HistoryEvent[] = [];
    let taskId = id;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      events.push(
        this.event(EventType.TaskScheduled, taskId, {
          Name: action.functionName,
          Input: JSON.stringify(action.input),
        }),
      );
      const outcome = await this.invoke(action, attempt);
      if (outcome.ok) {
        events.push(
          this.event(EventType.TaskCompleted, -1, {
            TaskScheduledId: taskId,
            Result: JSON.stringify(outcome.value ?? null),
          }),
        );
        return events;
      }
      events.push(
        this.event(EventType.TaskFailed, -1, { TaskScheduledId: taskId, Reason: outcome.error, Details: "" }),
      );
      if (action.actionType === ActionType.CallActivity) return events;
      const timerId = next();
      const fireAt = new Date(this.clock).toISOString();
      events.push(this.event(EventType.TimerCreated, timerId, { FireAt: fireAt }));
      events.push(this.event(EventType.TimerFired, -1, { TimerId: timerId, FireAt: fireAt }));
      if (attempt < attempts) taskId = next();
    }
    return events;
  }

  private async invoke(
    action: Action,
    attempt: number,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    const handler = this.registry.activities[action.functionName];
    if (handler === undefined) throw new Error(`harness: no activity ${action.functionName}`);
    // Inputs cross the boundary as JSON, as they do through the extension.
    const input: unknown = JSON.parse(JSON.stringify(action.input ?? null));
    const deliveries = this.options.duplicateDeliveries === true ? 2 : 1;
    let last: { ok: true; value: unknown } | { ok: false; error: string } = { ok: false, error: "not run" };
    for (let delivery = 0; delivery < deliveries; delivery++) {
      try {
        last = { ok: true, value: JSON.parse(JSON.stringify((await handler(input)) ?? null)) };
      } catch (error) {
        last = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      this.calls.push({ name: action.functionName, input, attempt, failed: !last.ok });
    }
    return last;
  }

  private event(type: number, eventId: number, fields: Record<string, unknown>): HistoryEvent {
    this.clock += 1000;
    return {
      EventType: type,
      EventId: eventId,
      IsPlayed: false,
      Timestamp: new Date(this.clock),
      IsProcessed: false,
      ...fields,
    };
  }
}
