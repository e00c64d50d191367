// Drives durable-functions' own replay engine: for each batch of control messages for one instance it
// appends the new events, calls the orchestration trigger with the history payload the Durable extension
// sends, reads back the OrchestratorState and turns the new actions into history events and messages.
//
// Task ids must match the replay engine's sequence numbers: every new CallActivity / CallSubOrchestrator /
// CreateTimer action takes the next number, and a retrying task takes one for its back-off timer when an
// attempt fails and one for the next attempt when that timer fires (durable-functions' RetryableTask). So
// a retry event always opens its own episode, ahead of other events, and the engine mirrors the counter.
import { randomUUID } from "node:crypto";
import type { RegisteredFunction } from "../coreApi.js";
import { errorMessage, fromTypedData, type Invoker } from "../invoker.js";
import {
  terminalStatuses,
  type ControlMessage,
  type DurableStore,
  type RetryEntry,
  type RetryPolicy,
  type ScheduledTarget,
  type WorkItemMessage,
} from "./durableStore.js";
import { EventType, historyEvent, type HistoryEvent } from "./historyEvents.js";
import { OrchestrationRuntime } from "./orchestrationRuntime.js";

const outOfProcDataLabel = "\n\n$OutOfProcData$:";

interface OrchestratorStateJson {
  isDone?: boolean;
  actions?: unknown[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

interface ActionJson {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  retryOptions?: RetryPolicy;
}

export interface EngineDeps {
  store: DurableStore;
  invoker: Invoker;
  findFunction: (name: string, triggerType: string) => RegisteredFunction | undefined;
  log: (message: string) => void;
  /** Sends a control message (delayed for timers); the host may also hand it over in-process. */
  sendControl: (message: ControlMessage, delaySeconds?: number) => Promise<void>;
  sendWorkItem: (message: WorkItemMessage) => Promise<void>;
}

type Outgoing = () => Promise<void>;

function jsonOf(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** Activity and continue-as-new inputs arrive already JSON-encoded when they are strings (Utils.processInput). */
function processedInputJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  const backoff = policy.backoffCoefficient ?? 1;
  const delay = policy.firstRetryIntervalInMilliseconds * Math.pow(backoff, failedAttempt - 1);
  return Math.min(delay, policy.maxRetryIntervalInMilliseconds ?? Number.MAX_SAFE_INTEGER);
}

export class OrchestrationEngine {
  readonly #deps: EngineDeps;
  readonly #cache = new Map<string, OrchestrationRuntime>();
  readonly #locks = new Map<string, Promise<void>>();

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  cached(instanceId: string): OrchestrationRuntime | undefined {
    return this.#cache.get(instanceId);
  }

  /** Reads an instance's replay state without caching it (for callers outside the instance's lock). */
  async peek(instanceId: string): Promise<OrchestrationRuntime | undefined> {
    const loaded = await this.#deps.store.loadCheckpoint(instanceId);
    return loaded ? new OrchestrationRuntime(loaded.checkpoint, loaded.history) : undefined;
  }

  forget(instanceId: string): void {
    this.#cache.delete(instanceId);
  }

  /** Serializes work per instance. */
  async withInstance(instanceId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#locks.get(instanceId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#locks.set(instanceId, settled);
    try {
      await next;
    } finally {
      if (this.#locks.get(instanceId) === settled) this.#locks.delete(instanceId);
    }
  }

  async #load(instanceId: string): Promise<OrchestrationRuntime | undefined> {
    const cached = this.#cache.get(instanceId);
    if (cached) return cached;
    const loaded = await this.#deps.store.loadCheckpoint(instanceId);
    if (!loaded) return undefined;
    const runtime = new OrchestrationRuntime(loaded.checkpoint, loaded.history);
    this.#cache.set(instanceId, runtime);
    return runtime;
  }

  /** Processes control messages of one instance; resolves once their effects are durable. */
  async processBatch(instanceId: string, messages: ControlMessage[]): Promise<void> {
    try {
      await this.#processBatch(instanceId, messages);
    } catch (err) {
      this.#cache.delete(instanceId);
      throw err;
    }
  }

  async #processBatch(instanceId: string, received: ControlMessage[]): Promise<void> {
    const { store } = this.#deps;
    let runtime = await this.#load(instanceId);
    let pending: HistoryEvent[] = [];
    let newEvents: HistoryEvent[] = [];
    let commitFrom = runtime?.history.length ?? 0;
    let outgoing: Outgoing[] = [];
    let dirty = false;

    const commit = async (): Promise<void> => {
      if (!runtime || !dirty) return;
      await Promise.all(outgoing.map((send) => send()));
      runtime.checkpoint.historyCount = runtime.history.length;
      await Promise.all([
        store.commit(runtime.checkpoint, newEvents, commitFrom),
        store.putInstance(runtime.record),
      ]);
      outgoing = [];
      newEvents = [];
      commitFrom = runtime.history.length;
      dirty = false;
    };
    const append = (event: HistoryEvent): void => {
      if (!runtime) return;
      runtime.append(event);
      newEvents.push(event);
      dirty = true;
    };
    const flush = async (): Promise<void> => {
      if (!runtime || pending.length === 0) return;
      const events = pending;
      pending = [];
      for (const episode of this.#splitEpisodes(runtime, events)) {
        if (terminalStatuses.includes(runtime.record.runtimeStatus)) break;
        if (runtime.record.runtimeStatus === "ContinuedAsNew") break;
        outgoing.push(...(await this.#runEpisode(runtime, episode, append)));
      }
    };

    const messages = [...received].sort(
      (a, b) =>
        Number(b.event.EventType === EventType.ExecutionStarted) -
        Number(a.event.EventType === EventType.ExecutionStarted),
    );
    for (const message of messages) {
      const event = message.event;
      if (event.EventType === EventType.ExecutionStarted) {
        if (runtime && runtime.record.executionId === message.executionId && runtime.history.length > 0)
          continue;
        await flush();
        await commit();
        const existing = await store.getInstance(instanceId);
        const now = new Date().toISOString();
        runtime = OrchestrationRuntime.fresh(
          {
            instanceId,
            name: message.name ?? existing?.name ?? "",
            executionId: message.executionId ?? randomUUID().replace(/-/g, ""),
            runtimeStatus: "Running",
            inputJson: event.Input ?? undefined,
            outputJson: undefined,
            customStatusJson: undefined,
            createdTime: existing?.createdTime ?? now,
            lastUpdatedTime: now,
            parentInstanceId: message.parentInstanceId,
          },
          message.parentTaskId,
        );
        this.#cache.set(instanceId, runtime);
        commitFrom = 0;
        dirty = true;
        pending.push(event);
        continue;
      }
      if (!runtime || terminalStatuses.includes(runtime.record.runtimeStatus)) continue;
      if (message.executionId && message.executionId !== runtime.record.executionId) continue;
      if (!runtime.rememberMessage(message.messageId)) continue;
      switch (event.EventType) {
        case EventType.ExecutionTerminated:
          await flush();
          append(historyEvent(EventType.OrchestratorStarted, {}));
          append(event);
          this.#finish(runtime, "Terminated", event.Input ?? "null", append);
          append(historyEvent(EventType.OrchestratorCompleted, {}));
          break;
        case EventType.ExecutionSuspended:
          await flush();
          if (runtime.record.runtimeStatus === "Running") {
            append(event);
            runtime.record.runtimeStatus = "Suspended";
            runtime.record.lastUpdatedTime = new Date().toISOString();
          }
          break;
        case EventType.ExecutionResumed:
          if (runtime.record.runtimeStatus === "Suspended") {
            append(event);
            runtime.record.runtimeStatus = "Running";
            runtime.record.lastUpdatedTime = new Date().toISOString();
            const buffered = runtime.checkpoint.buffered;
            runtime.checkpoint.buffered = [];
            for (const held of buffered) if (runtime.expects(held.event)) pending.push(held.event);
          }
          break;
        default:
          if (
            event.EventType === EventType.TimerFired &&
            event.FireAt &&
            Date.parse(event.FireAt) > Date.now() + 1000
          ) {
            const delay = Math.ceil((Date.parse(event.FireAt) - Date.now()) / 1000);
            outgoing.push(() =>
              this.#deps.sendControl({ ...message, messageId: randomUUID() }, Math.min(delay, 6 * 24 * 3600)),
            );
            dirty = true;
            break;
          }
          if (!runtime.expects(event)) break;
          if (runtime.record.runtimeStatus === "Suspended") {
            runtime.checkpoint.buffered.push(message);
            dirty = true;
          } else {
            pending.push(event);
          }
      }
    }
    await flush();
    await commit();
    if (runtime?.record.runtimeStatus === "ContinuedAsNew") {
      const keep = runtime.record.executionId;
      void store.deleteOldExecutions(instanceId, keep).catch(() => undefined);
    }
  }

  /** Splits new events into episodes so that a retry event is always the first event of its episode. */
  #splitEpisodes(runtime: OrchestrationRuntime, events: HistoryEvent[]): HistoryEvent[][] {
    const episodes: HistoryEvent[][] = [];
    let current: HistoryEvent[] = [];
    for (const event of events) {
      if (this.#retryEntryFor(runtime, event) && current.length > 0) {
        episodes.push(current);
        current = [];
      }
      current.push(event);
    }
    if (current.length > 0) episodes.push(current);
    return episodes;
  }

  #retryEntryFor(runtime: OrchestrationRuntime, event: HistoryEvent): RetryEntry | undefined {
    const retries = runtime.checkpoint.retries;
    if (
      event.EventType === EventType.TaskFailed ||
      event.EventType === EventType.SubOrchestrationInstanceFailed
    ) {
      const entry = retries[String(event.TaskScheduledId)];
      return entry?.kind === "task" ? entry : undefined;
    }
    if (event.EventType === EventType.TimerFired) {
      const entry = retries[String(event.TimerId)];
      return entry?.kind === "timer" ? entry : undefined;
    }
    return undefined;
  }

  async #runEpisode(
    runtime: OrchestrationRuntime,
    events: HistoryEvent[],
    append: (event: HistoryEvent) => void,
  ): Promise<Outgoing[]> {
    const outgoing: Outgoing[] = [];
    const cp = runtime.checkpoint;
    const record = runtime.record;
    append(historyEvent(EventType.OrchestratorStarted, {}));
    for (const [index, event] of events.entries()) {
      const retry = index === 0 ? this.#retryEntryFor(runtime, event) : undefined;
      if (event.EventType === EventType.ExecutionStarted) {
        append({ ...event, Name: record.name, Timestamp: new Date().toISOString() });
        continue;
      }
      append(event);
      const answered = event.TaskScheduledId;
      if (answered !== undefined && !retry) cp.retries = without(cp.retries, String(answered));
      if (!retry) continue;
      const failedId = event.EventType === EventType.TimerFired ? event.TimerId : event.TaskScheduledId;
      cp.retries = without(cp.retries, String(failedId));
      if (retry.kind === "task") {
        const timerId = cp.nextSeq++;
        const fireAt = new Date(Date.now() + retryDelayMs(retry.policy, retry.attempt)).toISOString();
        append(historyEvent(EventType.TimerCreated, { EventId: timerId, FireAt: fireAt }));
        cp.retries[String(timerId)] = { ...retry, kind: "timer", attempt: retry.attempt + 1 };
        outgoing.push(this.#timerMessage(runtime, timerId, fireAt));
      } else if (retry.attempt <= retry.policy.maxNumberOfAttempts) {
        const taskId = cp.nextSeq++;
        cp.retries[String(taskId)] = { ...retry, kind: "task" };
        outgoing.push(...this.#schedule(runtime, taskId, retry.target, append));
      }
    }

    const fn = this.#deps.findFunction(record.name, "orchestrationTrigger");
    let state: OrchestratorStateJson = {};
    let failure: string | undefined;
    if (!fn) {
      failure = `The function '${record.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
    } else {
      const payload = {
        history: runtime.history,
        input: record.inputJson === undefined ? undefined : (JSON.parse(record.inputJson) as unknown),
        instanceId: record.instanceId,
        isReplaying: false,
        parentInstanceId: record.parentInstanceId,
        upperSchemaVersion: 0,
        maximumShortTimerDuration: "6.00:00:00",
        longRunningTimerIntervalDuration: "3.00:00:00",
        defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
      };
      try {
        const response = await this.#deps.invoker.invoke(fn, {
          trigger: { string: JSON.stringify(payload) },
        });
        state = fromTypedData(response.returnValue) ?? {};
      } catch (err) {
        const message = errorMessage(err);
        const at = message.indexOf(outOfProcDataLabel);
        failure = at >= 0 ? message.slice(0, at) : message;
        if (at >= 0)
          state = JSON.parse(message.slice(at + outOfProcDataLabel.length)) as OrchestratorStateJson;
        // The library puts the user's error in state.error; the message prefix is not always meaningful.
        if (typeof state.error === "string" && state.error !== "") failure = state.error;
        this.#deps.log(`Orchestration ${record.instanceId} (${record.name}) failed: ${failure}`);
      }
    }
    record.customStatusJson = jsonOf(state.customStatus);
    record.lastUpdatedTime = new Date().toISOString();

    const actions = (state.actions ?? []).flat() as ActionJson[];
    const fresh = failure === undefined ? actions.slice(cp.actionCount) : [];
    cp.actionCount = Math.max(cp.actionCount, actions.length);
    let continueAsNew: { inputJson: string | undefined } | undefined;
    for (const action of fresh) {
      switch (action.actionType) {
        case 0:
        case 1: {
          const taskId = cp.nextSeq++;
          const target: ScheduledTarget = {
            type: "activity",
            name: action.functionName ?? "",
            inputJson: processedInputJson(action.input),
          };
          if (action.actionType === 1 && action.retryOptions) {
            cp.retries[String(taskId)] = {
              kind: "task",
              attempt: 1,
              firstAttemptAt: new Date().toISOString(),
              policy: action.retryOptions,
              target,
            };
          }
          outgoing.push(...this.#schedule(runtime, taskId, target, append));
          break;
        }
        case 2:
        case 3: {
          const taskId = cp.nextSeq++;
          const target: ScheduledTarget = {
            type: "orchestrator",
            name: action.functionName ?? "",
            instanceId: action.instanceId,
            inputJson: jsonOf(action.input),
          };
          if (action.actionType === 3 && action.retryOptions) {
            cp.retries[String(taskId)] = {
              kind: "task",
              attempt: 1,
              firstAttemptAt: new Date().toISOString(),
              policy: action.retryOptions,
              target,
            };
          }
          outgoing.push(...this.#schedule(runtime, taskId, target, append));
          break;
        }
        case 4:
          continueAsNew = { inputJson: processedInputJson(action.input) };
          break;
        case 5: {
          const timerId = cp.nextSeq++;
          const fireAt = new Date(action.fireAt ?? Date.now()).toISOString();
          append(historyEvent(EventType.TimerCreated, { EventId: timerId, FireAt: fireAt }));
          outgoing.push(this.#timerMessage(runtime, timerId, fireAt));
          break;
        }
        case 6:
          break;
        default:
          failure = `Durable action type ${action.actionType} (entities, callHttp) is not supported by the local host.`;
      }
    }

    if (failure !== undefined) {
      const output = `Orchestrator function '${record.name}' failed: ${failure}`;
      outgoing.push(...this.#finish(runtime, "Failed", JSON.stringify(output), append, failure));
    } else if (state.isDone && continueAsNew) {
      append(
        historyEvent(EventType.ExecutionCompleted, {
          OrchestrationStatus: "ContinuedAsNew",
          Result: continueAsNew.inputJson ?? null,
        }),
      );
      record.runtimeStatus = "ContinuedAsNew";
      const next: ControlMessage = {
        messageId: randomUUID(),
        instanceId: record.instanceId,
        executionId: randomUUID().replace(/-/g, ""),
        name: record.name,
        event: historyEvent(EventType.ExecutionStarted, {
          Name: record.name,
          Input: continueAsNew.inputJson ?? null,
        }),
        ...(record.parentInstanceId !== undefined ? { parentInstanceId: record.parentInstanceId } : {}),
        ...(cp.parentTaskId !== undefined ? { parentTaskId: cp.parentTaskId } : {}),
      };
      outgoing.push(() => this.#deps.sendControl(next));
    } else if (state.isDone) {
      outgoing.push(...this.#finish(runtime, "Completed", JSON.stringify(state.output ?? null), append));
    }
    append(historyEvent(EventType.OrchestratorCompleted, {}));
    return outgoing;
  }

  /** Marks the execution finished and tells a parent orchestration, if any. */
  #finish(
    runtime: OrchestrationRuntime,
    status: "Completed" | "Failed" | "Terminated",
    outputJson: string,
    append: (event: HistoryEvent) => void,
    failure?: string,
  ): Outgoing[] {
    const record = runtime.record;
    if (status !== "Terminated") {
      append(historyEvent(EventType.ExecutionCompleted, { OrchestrationStatus: status, Result: outputJson }));
    }
    record.runtimeStatus = status;
    record.outputJson = outputJson;
    record.lastUpdatedTime = new Date().toISOString();
    const parentId = record.parentInstanceId;
    const parentTaskId = runtime.checkpoint.parentTaskId;
    if (parentId === undefined || parentTaskId === undefined || status === "Terminated") return [];
    const event =
      status === "Completed"
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, {
            TaskScheduledId: parentTaskId,
            Result: outputJson,
          })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, {
            TaskScheduledId: parentTaskId,
            Reason: `Orchestrator function '${record.name}' failed: ${failure ?? "unknown error"}`,
            Details: failure ?? "",
          });
    const message: ControlMessage = { messageId: randomUUID(), instanceId: parentId, event };
    return [() => this.#deps.sendControl(message)];
  }

  #timerMessage(runtime: OrchestrationRuntime, timerId: number, fireAt: string): Outgoing {
    const delay = Math.max(0, Math.ceil((Date.parse(fireAt) - Date.now()) / 1000));
    const message: ControlMessage = {
      messageId: randomUUID(),
      instanceId: runtime.record.instanceId,
      executionId: runtime.record.executionId,
      event: historyEvent(EventType.TimerFired, { TimerId: timerId, FireAt: fireAt }),
    };
    return () => this.#deps.sendControl(message, Math.min(delay, 6 * 24 * 3600));
  }

  #schedule(
    runtime: OrchestrationRuntime,
    taskId: number,
    target: ScheduledTarget,
    append: (event: HistoryEvent) => void,
  ): Outgoing[] {
    const record = runtime.record;
    const { store } = this.#deps;
    if (target.type === "activity") {
      append(
        historyEvent(EventType.TaskScheduled, {
          EventId: taskId,
          Name: target.name,
          Input: target.inputJson ?? null,
        }),
      );
      const work: WorkItemMessage = {
        instanceId: record.instanceId,
        executionId: record.executionId,
        taskId,
        name: target.name,
        inputJson: target.inputJson,
      };
      return [() => this.#deps.sendWorkItem(work)];
    }
    const childId = target.instanceId ?? `${record.instanceId}:${String(taskId).padStart(4, "0")}`;
    append(
      historyEvent(EventType.SubOrchestrationInstanceCreated, {
        EventId: taskId,
        Name: target.name,
        InstanceId: childId,
        Input: target.inputJson ?? null,
      }),
    );
    const executionId = `${record.executionId}-${taskId}`;
    return [
      async () => {
        const existing = await store.getInstance(childId);
        if (existing?.executionId === executionId) return;
        const now = new Date().toISOString();
        await store.putInstance({
          instanceId: childId,
          name: target.name,
          executionId,
          runtimeStatus: "Pending",
          inputJson: target.inputJson,
          outputJson: undefined,
          customStatusJson: undefined,
          createdTime: now,
          lastUpdatedTime: now,
          parentInstanceId: record.instanceId,
        });
        await this.#deps.sendControl({
          messageId: randomUUID(),
          instanceId: childId,
          executionId,
          name: target.name,
          parentInstanceId: record.instanceId,
          parentTaskId: taskId,
          event: historyEvent(EventType.ExecutionStarted, {
            Name: target.name,
            Input: target.inputJson ?? null,
          }),
        });
      },
    ];
  }
}
