// Task hub storage on Azure Storage (Azurite locally), laid out like the Durable Azure Storage provider:
// an Instances table (one row per instance, for queries), a History table (one row per event plus a
// checkpoint row, both in the instance's partition so a checkpoint commits atomically with its events),
// a control queue (orchestration messages) and a work-item queue (activity messages).
import { TableClient, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
import { QueueClient } from "@azure/storage-queue";
import type { HistoryEvent } from "./historyEvents.js";

export type RuntimeStatus =
  "Pending" | "Running" | "Completed" | "ContinuedAsNew" | "Failed" | "Terminated" | "Suspended";

export const terminalStatuses: readonly RuntimeStatus[] = ["Completed", "Failed", "Terminated"];

/** What the Instances table holds for one orchestration instance. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  inputJson: string | undefined;
  outputJson: string | undefined;
  customStatusJson: string | undefined;
  createdTime: string;
  lastUpdatedTime: string;
  parentInstanceId: string | undefined;
}

/** The replay bookkeeping checkpointed with the history. */
export interface Checkpoint {
  record: InstanceRecord;
  historyCount: number;
  nextSeq: number;
  actionCount: number;
  retries: Record<string, RetryEntry>;
  buffered: ControlMessage[];
  parentTaskId: number | undefined;
  seenMessageIds: string[];
}

export interface RetryPolicy {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** A retrying task: `kind` says whether `id` is the attempt in flight or the back-off timer. */
export interface RetryEntry {
  kind: "task" | "timer";
  attempt: number;
  firstAttemptAt: string;
  policy: RetryPolicy;
  target: ScheduledTarget;
}

export type ScheduledTarget =
  | { type: "activity"; name: string; inputJson: string | undefined }
  | { type: "orchestrator"; name: string; instanceId: string | undefined; inputJson: string | undefined };

/** A message for an instance's orchestration (control queue). */
export interface ControlMessage {
  messageId: string;
  instanceId: string;
  executionId?: string;
  event: HistoryEvent;
  /** For ExecutionStarted: orchestrator name and parent link. */
  name?: string;
  parentInstanceId?: string;
  parentTaskId?: number;
}

/** A message asking for one activity execution (work-item queue). */
export interface WorkItemMessage {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  inputJson: string | undefined;
}

export interface QueueLease<T> {
  body: T;
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
}

function tableName(hub: string, suffix: string): string {
  return `${hub}${suffix}`;
}

function entityToRecord(e: TableEntityResult<Record<string, unknown>>): InstanceRecord {
  const str = (k: string): string | undefined => (typeof e[k] === "string" ? e[k] : undefined);
  return {
    instanceId: e.partitionKey ?? "",
    name: str("Name") ?? "",
    executionId: str("ExecutionId") ?? "",
    runtimeStatus: (str("RuntimeStatus") ?? "Pending") as RuntimeStatus,
    inputJson: str("Input"),
    outputJson: str("Output"),
    customStatusJson: str("CustomStatus"),
    createdTime: str("CreatedTime") ?? new Date(0).toISOString(),
    lastUpdatedTime: str("LastUpdatedTime") ?? new Date(0).toISOString(),
    parentInstanceId: str("ParentInstanceId"),
  };
}

function recordToEntity(
  r: InstanceRecord,
): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
    partitionKey: r.instanceId,
    rowKey: "",
    Name: r.name,
    ExecutionId: r.executionId,
    RuntimeStatus: r.runtimeStatus,
    CreatedTime: r.createdTime,
    LastUpdatedTime: r.lastUpdatedTime,
  };
  if (r.inputJson !== undefined) entity.Input = r.inputJson;
  if (r.outputJson !== undefined) entity.Output = r.outputJson;
  if (r.customStatusJson !== undefined) entity.CustomStatus = r.customStatusJson;
  if (r.parentInstanceId !== undefined) entity.ParentInstanceId = r.parentInstanceId;
  return entity;
}

const historyKey = (executionId: string, index: number): string =>
  `${executionId}:${String(index).padStart(8, "0")}`;
const checkpointKey = "checkpoint";

export interface InstanceQuery {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: string;
  createdTimeTo?: string;
  instanceIdPrefix?: string;
}

export class DurableStore {
  readonly instances: TableClient;
  readonly history: TableClient;
  readonly control: QueueClient;
  readonly workItems: QueueClient;
  /** Count of history rows written since start (a benchmark figure). */
  historyRowsWritten = 0;

  constructor(connectionString: string, hub: string) {
    const options = { allowInsecureConnection: true };
    this.instances = TableClient.fromConnectionString(connectionString, tableName(hub, "Instances"), options);
    this.history = TableClient.fromConnectionString(connectionString, tableName(hub, "History"), options);
    const queuePrefix = hub.toLowerCase();
    this.control = new QueueClient(connectionString, `${queuePrefix}-control-00`);
    this.workItems = new QueueClient(connectionString, `${queuePrefix}-workitems`);
  }

  async init(): Promise<void> {
    await Promise.all([
      this.instances.createTable(),
      this.history.createTable(),
      this.control.createIfNotExists(),
      this.workItems.createIfNotExists(),
    ]);
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      return entityToRecord(await this.instances.getEntity(instanceId, ""));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async putInstance(record: InstanceRecord): Promise<void> {
    await this.instances.upsertEntity(recordToEntity(record), "Replace");
  }

  /** Pages instances matching `query`; `continuation` is opaque. */
  async queryInstances(
    query: InstanceQuery,
    top: number,
    continuation: string | undefined,
  ): Promise<{ items: InstanceRecord[]; continuation: string | undefined }> {
    const clauses: string[] = ["RowKey eq ''"];
    const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
    if (query.createdTimeFrom) clauses.push(`CreatedTime ge ${quote(query.createdTimeFrom)}`);
    if (query.createdTimeTo) clauses.push(`CreatedTime le ${quote(query.createdTimeTo)}`);
    if (query.runtimeStatus && query.runtimeStatus.length > 0) {
      clauses.push(`(${query.runtimeStatus.map((s) => `RuntimeStatus eq ${quote(s)}`).join(" or ")})`);
    }
    if (query.instanceIdPrefix) {
      clauses.push(`PartitionKey ge ${quote(query.instanceIdPrefix)}`);
      clauses.push(`PartitionKey lt ${quote(`${query.instanceIdPrefix}\uffff`)}`);
    }
    const pages = this.instances
      .listEntities({ queryOptions: { filter: clauses.join(" and ") } })
      .byPage({ maxPageSize: top, ...(continuation ? { continuationToken: continuation } : {}) });
    const next = await pages.next();
    if (next.done) return { items: [], continuation: undefined };
    const page = next.value;
    return { items: page.map(entityToRecord), continuation: page.continuationToken };
  }

  async loadCheckpoint(
    instanceId: string,
  ): Promise<{ checkpoint: Checkpoint; history: HistoryEvent[] } | undefined> {
    let checkpoint: Checkpoint;
    try {
      const row = await this.history.getEntity<{ State: string }>(instanceId, checkpointKey);
      checkpoint = JSON.parse(row.State) as Checkpoint;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const executionId = checkpoint.record.executionId;
    const rows = this.history.listEntities<{ Event: string }>({
      queryOptions: {
        filter: `PartitionKey eq '${instanceId.replace(/'/g, "''")}' and RowKey ge '${executionId}:' and RowKey lt '${executionId};'`,
      },
    });
    const history: HistoryEvent[] = [];
    for await (const row of rows) history.push(JSON.parse(row.Event) as HistoryEvent);
    return { checkpoint, history: history.slice(0, checkpoint.historyCount) };
  }

  /** Writes new history rows and then the checkpoint, the checkpoint in the last (atomic) transaction. */
  async commit(checkpoint: Checkpoint, newEvents: HistoryEvent[], fromIndex: number): Promise<void> {
    const pk = checkpoint.record.instanceId;
    const executionId = checkpoint.record.executionId;
    const actions: TransactionAction[] = newEvents.map((event, i) => [
      "upsert",
      {
        partitionKey: pk,
        rowKey: historyKey(executionId, fromIndex + i),
        Event: JSON.stringify(event),
        ExecutionId: executionId,
      },
      "Replace",
    ]);
    actions.push([
      "upsert",
      { partitionKey: pk, rowKey: checkpointKey, State: JSON.stringify(checkpoint) },
      "Replace",
    ]);
    for (let start = 0; start < actions.length; start += 100) {
      await this.history.submitTransaction(actions.slice(start, start + 100));
    }
    this.historyRowsWritten += newEvents.length;
  }

  /** Deletes an instance and all its history; false when it did not exist. */
  async purge(instanceId: string): Promise<boolean> {
    const existed = (await this.getInstance(instanceId)) !== undefined;
    const rows = this.history.listEntities({
      queryOptions: { filter: `PartitionKey eq '${instanceId.replace(/'/g, "''")}'`, select: ["RowKey"] },
    });
    let batch: TransactionAction[] = [];
    for await (const row of rows) {
      batch.push(["delete", { partitionKey: instanceId, rowKey: row.rowKey ?? "" }]);
      if (batch.length === 100) {
        await this.history.submitTransaction(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.history.submitTransaction(batch);
    if (existed) await this.instances.deleteEntity(instanceId, "");
    return existed;
  }

  /** Deletes history rows of an execution other than `keepExecutionId` (after continue-as-new). */
  async deleteOldExecutions(instanceId: string, keepExecutionId: string): Promise<void> {
    const rows = this.history.listEntities({
      queryOptions: { filter: `PartitionKey eq '${instanceId.replace(/'/g, "''")}'`, select: ["RowKey"] },
    });
    let batch: TransactionAction[] = [];
    for await (const row of rows) {
      const rk = row.rowKey ?? "";
      if (rk === checkpointKey || rk.startsWith(`${keepExecutionId}:`)) continue;
      batch.push(["delete", { partitionKey: instanceId, rowKey: rk }]);
      if (batch.length === 100) {
        await this.history.submitTransaction(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.history.submitTransaction(batch);
  }

  /** Sends control messages as one queue message; hidden for `hiddenSeconds` (timer delay or sender's lease). */
  async sendControl(messages: ControlMessage[], hiddenSeconds = 0): Promise<QueueLease<ControlMessage[]>> {
    return this.#send(this.control, messages, hiddenSeconds);
  }

  /** Sends work items (of one orchestration episode) as one queue message. */
  async sendWorkItems(items: WorkItemMessage[], hiddenSeconds = 0): Promise<QueueLease<WorkItemMessage[]>> {
    return this.#send(this.workItems, items, hiddenSeconds);
  }

  async #send<T>(queue: QueueClient, body: T, hiddenSeconds: number): Promise<QueueLease<T>> {
    const sent = await queue.sendMessage(
      JSON.stringify(body),
      hiddenSeconds > 0 ? { visibilityTimeout: hiddenSeconds } : {},
    );
    return { body, messageId: sent.messageId, popReceipt: sent.popReceipt, dequeueCount: 0 };
  }

  async receive<T>(queue: QueueClient, max: number, leaseSeconds: number): Promise<QueueLease<T>[]> {
    const result = await queue.receiveMessages({
      numberOfMessages: Math.min(32, Math.max(1, max)),
      visibilityTimeout: leaseSeconds,
    });
    return result.receivedMessageItems.map((m) => ({
      body: JSON.parse(m.messageText) as T,
      messageId: m.messageId,
      popReceipt: m.popReceipt,
      dequeueCount: m.dequeueCount,
    }));
  }

  async renew<T>(queue: QueueClient, lease: QueueLease<T>, leaseSeconds: number): Promise<void> {
    const updated = await queue.updateMessage(lease.messageId, lease.popReceipt, undefined, leaseSeconds);
    if (updated.popReceipt) lease.popReceipt = updated.popReceipt;
  }

  async delete<T>(queue: QueueClient, lease: QueueLease<T>): Promise<void> {
    try {
      await queue.deleteMessage(lease.messageId, lease.popReceipt);
    } catch (err) {
      // Gone, or leased again by another receive (pop receipt mismatch): that copy is deduplicated later.
      if (!isNotFound(err) && !hasStatus(err, 400)) throw err;
    }
  }
}

export function hasStatus(err: unknown, status: number): boolean {
  return typeof err === "object" && err !== null && "statusCode" in err && err.statusCode === status;
}

export function isNotFound(err: unknown): boolean {
  return hasStatus(err, 404);
}
