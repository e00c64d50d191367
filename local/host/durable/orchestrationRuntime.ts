// One orchestration instance in memory: its checkpoint, its current execution's history, and the ids
// already scheduled and answered (to drop duplicate or stale messages after a crash).
import type { Checkpoint, InstanceRecord } from "./durableStore.js";
import { answeredId, EventType, type HistoryEvent } from "./historyEvents.js";

export class OrchestrationRuntime {
  readonly checkpoint: Checkpoint;
  readonly history: HistoryEvent[];
  readonly scheduled = new Set<number>();
  readonly answered = new Set<number>();

  constructor(checkpoint: Checkpoint, history: HistoryEvent[]) {
    this.checkpoint = checkpoint;
    this.history = [];
    for (const event of history) this.append(event);
  }

  static fresh(record: InstanceRecord, parentTaskId: number | undefined): OrchestrationRuntime {
    return new OrchestrationRuntime(
      {
        record,
        historyCount: 0,
        nextSeq: 0,
        actionCount: 0,
        retries: {},
        buffered: [],
        parentTaskId,
        seenMessageIds: [],
      },
      [],
    );
  }

  get record(): InstanceRecord {
    return this.checkpoint.record;
  }

  append(event: HistoryEvent): void {
    this.history.push(event);
    if (
      event.EventType === EventType.TaskScheduled ||
      event.EventType === EventType.TimerCreated ||
      event.EventType === EventType.SubOrchestrationInstanceCreated
    ) {
      this.scheduled.add(event.EventId);
    }
    const answered = answeredId(event);
    if (answered !== undefined) this.answered.add(answered);
  }

  /** True when `event` answers a task this execution scheduled and has not been answered yet. */
  expects(event: HistoryEvent): boolean {
    const id = answeredId(event);
    if (id === undefined) return true;
    return this.scheduled.has(id) && !this.answered.has(id);
  }

  rememberMessage(messageId: string): boolean {
    if (this.checkpoint.seenMessageIds.includes(messageId)) return false;
    this.checkpoint.seenMessageIds.push(messageId);
    if (this.checkpoint.seenMessageIds.length > 200) this.checkpoint.seenMessageIds.shift();
    return true;
  }
}
