// The Durable side of the host: queue loops that feed the orchestration engine and run activities, plus
// the client operations behind the management HTTP API.
import { randomUUID } from "node:crypto";
import type { RegisteredFunction } from "../coreApi.js";
import { errorMessage, fromTypedData, type Invoker } from "../invoker.js";
import {
  DurableStore,
  terminalStatuses,
  type ControlMessage,
  type InstanceQuery,
  type InstanceRecord,
  type QueueLease,
  type WorkItemMessage,
} from "./durableStore.js";
import { EventType, historyEvent, type HistoryEvent } from "./historyEvents.js";
import { OrchestrationEngine } from "./orchestrationEngine.js";
import type { OrchestrationRuntime } from "./orchestrationRuntime.js";

export interface DurableHostOptions {
  connectionString: string;
  hubName: string;
  invoker: Invoker;
  findFunction: (name: string, triggerType: string) => RegisteredFunction | undefined;
  log: (message: string) => void;
  /** Seconds a received message stays invisible; renewed while work runs. */
  leaseSeconds: number;
  maxConcurrentActivities: number;
}

export class InstanceStateError extends Error {
  constructor(
    readonly status: 404 | 409 | 410 | 400,
    message: string,
  ) {
    super(message);
    this.name = "InstanceStateError";
  }
}

class Wakeable {
  #resolve: (() => void) | undefined;
  #pending = false;
  wake(): void {
    this.#pending = true;
    this.#resolve?.();
  }
  async sleep(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#resolve = undefined;
    this.#pending = false;
  }
}

interface HeldLease {
  queue: DurableStore["control"];
  lease: QueueLease<unknown>;
  renewing: Promise<void> | undefined;
}

interface Outbox {
  messages: ControlMessage[];
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
  sending: boolean;
}

/** Items per work-item queue message, and the JSON size above which items travel alone. */
const workPackSize = 16;
const workPackBytes = 32_000;

/**
 * Messages this host sends to itself are sent hidden for one lease and handed over in-process (no polling
 * delay); should the host die, they reappear after the lease and the queue loops pick them up. Leases of
 * messages in use are renewed until their work is durable, then the messages are deleted. Work items of one
 * episode and control messages for one instance that are ready together travel as one queue message.
 */
export class DurableHost {
  readonly store: DurableStore;
  readonly hubName: string;
  readonly #options: DurableHostOptions;
  readonly #engine: OrchestrationEngine;
  readonly #controlWake = new Wakeable();
  readonly #workWake = new Wakeable();
  readonly #held = new Set<HeldLease>();
  readonly #inbox = new Map<string, { lease: QueueLease<ControlMessage[]>; held: HeldLease }[]>();
  readonly #outbox = new Map<string, Outbox>();
  #pendingWork: { item: WorkItemMessage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  readonly #activeWork = new Set<string>();
  #renewTimer: NodeJS.Timeout | undefined;
  #running = false;
  #loops: Promise<void>[] = [];
  #activitiesInFlight = 0;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: DurableHostOptions) {
    this.#options = options;
    this.hubName = options.hubName;
    this.store = new DurableStore(options.connectionString, options.hubName);
    this.#engine = new OrchestrationEngine({
      store: this.store,
      invoker: options.invoker,
      findFunction: options.findFunction,
      log: options.log,
      sendControl: (message, delaySeconds) => this.#sendControl(message, delaySeconds ?? 0),
      sendWorkItem: (message) => this.#sendWorkItem(message),
    });
  }

  async start(): Promise<void> {
    await this.store.init();
    this.#running = true;
    this.#renewTimer = setInterval(
      () => {
        this.#renewAll();
      },
      Math.max(500, (this.#options.leaseSeconds * 1000) / 2),
    );
    this.#loops = [this.#loop("control"), this.#loop("work")];
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#controlWake.wake();
    this.#workWake.wake();
    await Promise.all(this.#loops);
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    clearInterval(this.#renewTimer);
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  #hold(queue: DurableStore["control"], lease: QueueLease<unknown>): HeldLease {
    const held: HeldLease = { queue, lease, renewing: undefined };
    this.#held.add(held);
    return held;
  }

  /** Stops renewing, waits for a renewal in flight (it changes the pop receipt), optionally deletes. */
  async #release(held: HeldLease, remove: boolean): Promise<void> {
    this.#held.delete(held);
    await held.renewing;
    if (remove) await this.store.delete(held.queue, held.lease);
  }

  #renewAll(): void {
    for (const held of this.#held) {
      if (held.renewing) continue;
      held.renewing = this.store
        .renew(held.queue, held.lease, this.#options.leaseSeconds)
        .catch(() => undefined)
        .finally(() => {
          held.renewing = undefined;
        });
    }
  }

  /** Resolves once the message is in the queue; messages for one instance sent meanwhile share a message. */
  async #sendControl(message: ControlMessage, delaySeconds: number): Promise<void> {
    if (delaySeconds > 0 || !this.#running) {
      await this.store.sendControl([message], delaySeconds);
      return;
    }
    const id = message.instanceId;
    let outbox = this.#outbox.get(id);
    if (!outbox) {
      outbox = { messages: [], waiters: [], sending: false };
      this.#outbox.set(id, outbox);
    }
    const box = outbox;
    const sent = new Promise<void>((resolve, reject) => {
      box.messages.push(message);
      box.waiters.push({ resolve, reject });
    });
    if (!box.sending) {
      box.sending = true;
      setImmediate(() => {
        void this.#flushOutbox(id, box);
      });
    }
    return sent;
  }

  async #flushOutbox(id: string, box: Outbox): Promise<void> {
    while (box.messages.length > 0) {
      const messages = box.messages.splice(0);
      const waiters = box.waiters.splice(0);
      try {
        this.#deliver(await this.store.sendControl(messages, this.#options.leaseSeconds));
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    box.sending = false;
    if (this.#outbox.get(id) === box) this.#outbox.delete(id);
  }

  /** Work items scheduled in the same tick (one episode) are packed into few queue messages. */
  async #sendWorkItem(item: WorkItemMessage): Promise<void> {
    const sent = new Promise<void>((resolve, reject) => {
      this.#pendingWork.push({ item, resolve, reject });
    });
    if (this.#pendingWork.length === 1) {
      setImmediate(() => {
        void this.#flushWork();
      });
    }
    return sent;
  }

  async #flushWork(): Promise<void> {
    const pending = this.#pendingWork;
    this.#pendingWork = [];
    const packs: (typeof pending)[] = [];
    let current: typeof pending = [];
    let bytes = 0;
    for (const entry of pending) {
      const size = (entry.item.inputJson?.length ?? 0) + 200;
      if (current.length > 0 && (current.length >= workPackSize || bytes + size > workPackBytes)) {
        packs.push(current);
        current = [];
        bytes = 0;
      }
      current.push(entry);
      bytes += size;
    }
    if (current.length > 0) packs.push(current);
    await Promise.all(
      packs.map(async (pack) => {
        try {
          const items = pack.map((p) => p.item);
          const local = this.#running && this.#activitiesInFlight < this.#options.maxConcurrentActivities;
          const lease = await this.store.sendWorkItems(items, local ? this.#options.leaseSeconds : 0);
          if (local) this.#startWork(lease);
          else this.#workWake.wake();
          for (const p of pack) p.resolve();
        } catch (err) {
          for (const p of pack) p.reject(err);
        }
      }),
    );
  }

  /** Queues a control message for its instance; one drain per instance takes everything queued so far. */
  #deliver(lease: QueueLease<ControlMessage[]>): void {
    const instanceId = lease.body[0]?.instanceId;
    if (instanceId === undefined) {
      void this.store.delete(this.store.control, lease);
      return;
    }
    const held = this.#hold(this.store.control, lease);
    const waiting = this.#inbox.get(instanceId);
    if (waiting) {
      waiting.push({ lease, held });
      return;
    }
    this.#inbox.set(instanceId, [{ lease, held }]);
    this.#track(
      this.#engine.withInstance(instanceId, async () => {
        const batch = this.#inbox.get(instanceId) ?? [];
        this.#inbox.delete(instanceId);
        let ok = false;
        try {
          await this.#engine.processBatch(
            instanceId,
            batch.flatMap((b) => b.lease.body),
          );
          ok = true;
        } catch (err) {
          this.#options.log(`Orchestration ${instanceId}: ${errorMessage(err)} (will retry)`);
        }
        // Deleting the consumed messages is off the instance's critical path: its effects are durable.
        this.#track(Promise.all(batch.map((b) => this.#release(b.held, ok))).then(() => undefined));
      }),
    );
  }

  async #loop(kind: "control" | "work"): Promise<void> {
    const wake = kind === "control" ? this.#controlWake : this.#workWake;
    let idleMs = 10;
    while (this.#running) {
      try {
        const got = kind === "control" ? await this.#pollControl() : await this.#pollWork();
        if (got > 0) {
          idleMs = 10;
          continue;
        }
      } catch (err) {
        this.#options.log(`Durable ${kind} queue: ${errorMessage(err)}`);
        idleMs = 1000;
      }
      await wake.sleep(idleMs);
      idleMs = Math.min(idleMs * 2, 200);
    }
  }

  async #pollControl(): Promise<number> {
    const leases = await this.store.receive<ControlMessage[]>(
      this.store.control,
      32,
      this.#options.leaseSeconds,
    );
    for (const lease of leases) this.#deliver(lease);
    return leases.length;
  }

  async #pollWork(): Promise<number> {
    const capacity = this.#options.maxConcurrentActivities - this.#activitiesInFlight;
    if (capacity <= 0) return 0;
    const count = Math.max(1, Math.floor(capacity / workPackSize));
    const leases = await this.store.receive<WorkItemMessage[]>(
      this.store.workItems,
      count,
      this.#options.leaseSeconds,
    );
    for (const lease of leases) this.#startWork(lease);
    return leases.length;
  }

  #startWork(lease: QueueLease<WorkItemMessage[]>): void {
    const size = lease.body.length;
    this.#activitiesInFlight += size;
    this.#track(
      this.#runWork(lease)
        .catch((err: unknown) => {
          this.#options.log(`Work item: ${errorMessage(err)} (will retry)`);
        })
        .finally(() => {
          this.#activitiesInFlight -= size;
          this.#workWake.wake();
        }),
    );
  }

  /** Runs the activities of one work-item message; deletes the message once every result is queued. */
  async #runWork(lease: QueueLease<WorkItemMessage[]>): Promise<void> {
    const held = this.#hold(this.store.workItems, lease);
    const peeks = new Map<string, Promise<OrchestrationRuntime | undefined>>();
    const results = await Promise.allSettled(lease.body.map((item) => this.#runActivity(item, peeks)));
    const failed = results.find((r) => r.status === "rejected");
    await this.#release(held, failed === undefined);
    if (failed) throw failed.reason;
  }

  async #isStale(
    work: WorkItemMessage,
    peeks: Map<string, Promise<OrchestrationRuntime | undefined>>,
  ): Promise<boolean> {
    let known = this.#engine.cached(work.instanceId);
    if (!known) {
      const peek = peeks.get(work.instanceId) ?? this.#engine.peek(work.instanceId);
      peeks.set(work.instanceId, peek);
      known = await peek;
    }
    if (!known) return false;
    return (
      known.record.executionId !== work.executionId ||
      terminalStatuses.includes(known.record.runtimeStatus) ||
      known.answered.has(work.taskId)
    );
  }

  async #runActivity(
    work: WorkItemMessage,
    peeks: Map<string, Promise<OrchestrationRuntime | undefined>>,
  ): Promise<void> {
    const key = `${work.instanceId}/${work.executionId}/${work.taskId}`;
    if (this.#activeWork.has(key) || (await this.#isStale(work, peeks))) return;
    this.#activeWork.add(key);
    try {
      let event: HistoryEvent;
      try {
        const fn = this.#options.findFunction(work.name, "activityTrigger");
        if (!fn) {
          throw new Error(
            `The function '${work.name}' doesn't exist, is disabled, or is not an activity function.`,
          );
        }
        const response = await this.#options.invoker.invoke(fn, {
          trigger: work.inputJson === undefined ? undefined : { json: work.inputJson },
        });
        const value = fromTypedData(response.returnValue);
        event = historyEvent(EventType.TaskCompleted, {
          TaskScheduledId: work.taskId,
          Result:
            value === undefined
              ? null
              : JSON.stringify(Buffer.isBuffer(value) ? value.toString("base64") : value),
        });
      } catch (err) {
        const message = errorMessage(err);
        event = historyEvent(EventType.TaskFailed, {
          TaskScheduledId: work.taskId,
          Reason: `Activity function '${work.name}' failed: ${message}`,
          Details: err instanceof Error ? (err.stack ?? message) : message,
        });
      }
      await this.#sendControl(
        { messageId: randomUUID(), instanceId: work.instanceId, executionId: work.executionId, event },
        0,
      );
    } finally {
      this.#activeWork.delete(key);
    }
  }

  // ----- client operations (management API) -----

  async startNew(
    name: string,
    instanceId: string | undefined,
    inputJson: string | undefined,
  ): Promise<string> {
    if (!this.#options.findFunction(name, "orchestrationTrigger")) {
      throw new InstanceStateError(
        400,
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    }
    const id = instanceId ?? randomUUID().replace(/-/g, "");
    const existing = await this.store.getInstance(id);
    if (existing && ["Pending", "Running", "Suspended", "ContinuedAsNew"].includes(existing.runtimeStatus)) {
      throw new InstanceStateError(409, `An instance with ID '${id}' already exists.`);
    }
    const now = new Date().toISOString();
    const executionId = randomUUID().replace(/-/g, "");
    await this.store.putInstance({
      instanceId: id,
      name,
      executionId,
      runtimeStatus: "Pending",
      inputJson,
      outputJson: undefined,
      customStatusJson: undefined,
      createdTime: now,
      lastUpdatedTime: now,
      parentInstanceId: undefined,
    });
    await this.#sendControl(
      {
        messageId: randomUUID(),
        instanceId: id,
        executionId,
        name,
        event: historyEvent(EventType.ExecutionStarted, { Name: name, Input: inputJson ?? null }),
      },
      0,
    );
    return id;
  }

  async #sendToRunning(instanceId: string, event: HistoryEvent, allowed: readonly string[]): Promise<void> {
    const record = await this.store.getInstance(instanceId);
    if (!record) throw new InstanceStateError(404, `No instance with ID '${instanceId}' found.`);
    if (!allowed.includes(record.runtimeStatus)) {
      throw new InstanceStateError(410, `Instance '${instanceId}' is ${record.runtimeStatus}.`);
    }
    await this.#sendControl({ messageId: randomUUID(), instanceId, event }, 0);
  }

  raiseEvent(instanceId: string, eventName: string, dataJson: string | undefined): Promise<void> {
    const event = historyEvent(EventType.EventRaised, { Name: eventName, Input: dataJson ?? null });
    return this.#sendToRunning(instanceId, event, ["Pending", "Running", "Suspended"]);
  }

  terminate(instanceId: string, reason: string): Promise<void> {
    const event = historyEvent(EventType.ExecutionTerminated, { Input: JSON.stringify(reason) });
    return this.#sendToRunning(instanceId, event, ["Pending", "Running", "Suspended"]);
  }

  suspend(instanceId: string, reason: string): Promise<void> {
    return this.#sendToRunning(instanceId, historyEvent(EventType.ExecutionSuspended, { Input: reason }), [
      "Running",
    ]);
  }

  resume(instanceId: string, reason: string): Promise<void> {
    return this.#sendToRunning(instanceId, historyEvent(EventType.ExecutionResumed, { Input: reason }), [
      "Suspended",
    ]);
  }

  getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.store.getInstance(instanceId);
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return (await this.store.loadCheckpoint(instanceId))?.history ?? [];
  }

  queryInstances(
    query: InstanceQuery,
    top: number,
    continuation: string | undefined,
  ): ReturnType<DurableStore["queryInstances"]> {
    return this.store.queryInstances(query, top, continuation);
  }

  async purge(instanceId: string): Promise<boolean> {
    this.#engine.forget(instanceId);
    return this.store.purge(instanceId);
  }

  async purgeBy(query: InstanceQuery): Promise<number> {
    let deleted = 0;
    let continuation: string | undefined;
    const statuses = query.runtimeStatus ?? [...terminalStatuses];
    do {
      const page = await this.store.queryInstances({ ...query, runtimeStatus: statuses }, 100, continuation);
      for (const item of page.items) if (await this.purge(item.instanceId)) deleted++;
      continuation = page.continuation;
    } while (continuation);
    return deleted;
  }
}
