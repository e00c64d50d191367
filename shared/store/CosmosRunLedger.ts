// The OperationRun ledger on Cosmos DB, with the dedupe protocol fixed by the product owner:
//   lock `create` (201 = ours, 409 = someone holds it) → read it with its etag → answer the active/cooling
//   run, or take a stale lock over with `If-Match` (412 = someone else won, look again).
// Never read-then-write without an etag; no in-process locks (several hosts run at once).
import { randomUUID } from "node:crypto";

import type { Container, ItemDefinition } from "@azure/cosmos";

import { NotFoundError, StoreError, ValidationError } from "../domain/errors.js";
import { operationDefinition } from "../domain/operationCatalog.js";
import {
  operationRunSchema,
  runContextSchema,
  type OperationRun,
  type SummaryCounts,
} from "../domain/operationRun.js";
import { operationTypeSchema } from "../domain/operationTypes.js";
import { computeRunIdentityHash } from "../domain/runIdentity.js";
import { MAX_FAILURES_PER_RUN } from "../domain/failures.js";
import {
  type CompletionInput,
  newQueuedRun,
  toCompleted,
  toRunning,
  validateRun,
  withProgress,
} from "../domain/runLifecycle.js";
import { sanitizeMessage } from "../domain/sanitize.js";
import type { Clock, IdGenerator } from "../ports/clock.js";
import { systemClock } from "../ports/clock.js";
import type {
  CompleteRunInput,
  RunLedger,
  RunListFilter,
  RunPage,
  StartRunInput,
  StartRunResult,
} from "../ports/runLedger.js";
import type { RunFailureLog } from "../ports/runFailureLog.js";
import { activeRunLockSchema, type ActiveRunLock } from "./activeRunLock.js";
import { attempt, cosmosCall, isAlreadyExists } from "./cosmosErrors.js";
import { ReadCoalescer } from "./readCoalescer.js";
import { listPage } from "./listPage.js";

export interface CosmosRunLedgerOptions {
  /** The `runs` container (partition key /workspaceId). */
  container: Container;
  clock?: Clock;
  ids?: IdGenerator;
  /** Cooldown for catalog types with `cooldown: true` (ASSIGNMENT_COOLDOWN_MINUTES). */
  cooldownMinutes?: number;
  /** Optimistic-concurrency rounds before giving up with `store_conflict`. */
  maxRounds?: number;
  /**
   * Where every failure of a run is recorded: `complete` adds its failures to it and stamps the run with
   * the log's per-reason counts. Without one, the counts cover the failures passed to `complete` only.
   */
  failureLog?: RunFailureLog;
}

type Stored<T> = T & { _etag: string };

const uuidIds: IdGenerator = { newId: () => randomUUID() };

export interface LockRepairReport {
  /** Runs re-created from their lock after a crash between lock and run write. */
  runsRecreated: string[];
  /** Locks released because their run completed (and any cooldown is over). */
  locksReleased: string[];
}

export class CosmosRunLedger implements RunLedger {
  private readonly container: Container;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly cooldownMs: number;
  private readonly maxRounds: number;
  private readonly failureLog: RunFailureLog | null;
  private readonly lockReads = new ReadCoalescer<Stored<ActiveRunLock> | null>();
  private readonly runReads = new ReadCoalescer<Stored<OperationRun> | null>();

  constructor(options: CosmosRunLedgerOptions) {
    this.container = options.container;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? uuidIds;
    this.cooldownMs = (options.cooldownMinutes ?? 15) * 60_000;
    this.maxRounds = options.maxRounds ?? 8;
    this.failureLog = options.failureLog ?? null;
  }

  async start(input: StartRunInput): Promise<StartRunResult> {
    const type = operationTypeSchema.safeParse(input.type);
    if (!type.success) throw new ValidationError("type", "is not a known operation type");
    if (input.initiator.name.trim().length === 0) throw new ValidationError("initiator.name", "is required");
    const context = runContextSchema.safeParse(input.context ?? {});
    if (!context.success) {
      const issue = context.error.issues[0];
      throw new ValidationError(
        `context.${issue?.path.map(String).join(".") ?? ""}`,
        issue?.message ?? "invalid",
      );
    }
    const runIdentityHash = computeRunIdentityHash(input);
    // Reads issued after this moment may be shared with concurrent starts (see readCoalescer.ts).
    let since = ReadCoalescer.now();
    const now = this.clock.now();
    const run = newQueuedRun({
      id: this.ids.newId(),
      workspaceId: input.workspaceId,
      tenantId: input.tenantId,
      type: type.data,
      userId: input.initiator.userId,
      initiatorName: sanitizeMessage(input.initiator.name, 200) || "unknown",
      runIdentityHash,
      context: context.data,
      now,
    });
    const lock: ActiveRunLock = {
      id: runIdentityHash,
      docType: "lock",
      workspaceId: run.workspaceId,
      tenantId: run.tenantId,
      type: run.type,
      runId: run.id,
      state: "active",
      cooldownUntil: null,
      queuedRun: run,
      createdAt: run.createdAt,
      updatedAt: run.createdAt,
    };

    for (let round = 0; round < this.maxRounds; round += 1) {
      const created = await attempt("start: create lock", () => this.container.items.create(lock));
      if (created.ok) return { run: await this.materialize(run), deduped: false };
      isAlreadyExists(created, "start: create lock");

      const held = await this.lockReads.read(`${run.workspaceId}/${runIdentityHash}`, since, () =>
        this.readLock(run.workspaceId, runIdentityHash),
      );
      if (held === null) {
        since = ReadCoalescer.now(); // released between our create and read: look again, afresh
        continue;
      }
      const answer = await this.answerFor(held, since);
      if (answer !== null) return answer;

      // Stale: the holder's run is over (and any cooldown too). Take it over only if nobody moved first.
      const takeover = { ...lock, updatedAt: this.clock.now().toISOString() };
      const replaced = await attempt("start: take over lock", () =>
        this.container.item(held.id, held.workspaceId).replace(takeover, {
          accessCondition: { type: "IfMatch", condition: held._etag },
        }),
      );
      if (replaced.ok) return { run: await this.materialize(run), deduped: false };
      // 412/404: someone else won or released it; look again, never through a read older than this answer.
      since = ReadCoalescer.now();
    }
    throw new StoreError("store_conflict", "start: too much contention on the active-run lock");
  }

  async holder(input: Omit<StartRunInput, "initiator" | "context">): Promise<StartRunResult | null> {
    const runIdentityHash = computeRunIdentityHash(input);
    const since = ReadCoalescer.now();
    const held = await this.readLock(input.workspaceId, runIdentityHash);
    return held === null ? null : this.answerFor(held, since);
  }

  /** The deduped answer for a held lock, or null when the lock is stale and may be taken over. */
  private async answerFor(lock: Stored<ActiveRunLock>, since: number): Promise<StartRunResult | null> {
    const now = this.clock.now().getTime();
    const cooling = lock.cooldownUntil !== null && Date.parse(lock.cooldownUntil) > now;
    if (lock.state === "cooling") {
      if (!cooling) return null;
      const run = (await this.sharedReadRun(lock, since)) ?? (await this.materialize(lock.queuedRun));
      return { run: stripEtag(run), deduped: true, reason: "cooldown" };
    }
    // Active: the run may not be written yet (holder between its two writes, or crashed there): repair it.
    const run = (await this.sharedReadRun(lock, since)) ?? (await this.materialize(lock.queuedRun));
    if (run.status !== "completed") return { run: stripEtag(run), deduped: true, reason: "active" };
    // Completed but not released yet (completer crashed or is about to release): honour the cooldown.
    if (operationDefinition(run.type).cooldown && run.completedAt !== null) {
      if (Date.parse(run.completedAt) + this.cooldownMs > now) {
        return { run: stripEtag(run), deduped: true, reason: "cooldown" };
      }
    }
    return null;
  }

  private sharedReadRun(lock: ActiveRunLock, since: number): Promise<Stored<OperationRun> | null> {
    return this.runReads.read(`${lock.workspaceId}/${lock.runId}`, since, () =>
      this.readRun(lock.workspaceId, lock.runId),
    );
  }

  /** Writes the queued run named by a lock; 409 means the holder or a reader wrote the same document first. */
  private async materialize(run: OperationRun): Promise<OperationRun> {
    const created = await attempt("start: create run", () => this.container.items.create(run));
    if (created.ok) return run;
    isAlreadyExists(created, "start: create run");
    const existing = await this.readRun(run.workspaceId, run.id);
    if (existing === null) throw new StoreError("store_conflict", "start: run vanished after a conflict");
    return stripEtag(existing);
  }

  async get(workspaceId: string, runId: string): Promise<OperationRun | null> {
    const run = await this.readRun(workspaceId, runId);
    return run === null ? null : stripEtag(run);
  }

  async markRunning(workspaceId: string, runId: string): Promise<OperationRun> {
    return this.update(workspaceId, runId, "markRunning", (run) => toRunning(run, this.clock.now()));
  }

  async reportProgress(workspaceId: string, runId: string, summaryCounts: SummaryCounts): Promise<void> {
    await this.update(workspaceId, runId, "reportProgress", (run) =>
      withProgress(run, summaryCounts, this.clock.now()),
    );
  }

  /** Records a child run (e.g. a retry) on its parent's context; If-Match, idempotent, order kept. */
  async linkChildRun(workspaceId: string, runId: string, childRunId: string): Promise<void> {
    await this.update(workspaceId, runId, "linkChildRun", (run) => {
      const children = run.context.childRunIds ?? [];
      if (children.includes(childRunId)) return run;
      return {
        ...run,
        context: { ...run.context, childRunIds: [...children, childRunId] },
        updatedAt: this.clock.now().toISOString(),
      };
    });
  }

  async complete(workspaceId: string, runId: string, input: CompleteRunInput): Promise<OperationRun> {
    // The log first: a crash before the run's write leaves the run open for the retry or the reconciler,
    // never a completed run whose counts miss failures.
    let completion: CompletionInput = input;
    if (this.failureLog !== null) {
      const given = input.failures ?? [];
      if (given.length > 0) await this.failureLog.record(workspaceId, runId, given);
      const tally = await this.failureLog.tally(workspaceId, runId);
      // The preview: what the completer passed (run-level causes first), then the log's first entries
      // (activities record item failures there, never through orchestration history).
      const first = await this.failureLog.page(workspaceId, runId, {
        limit: MAX_FAILURES_PER_RUN,
        continuation: null,
      });
      completion = {
        ...input,
        failures: [...given, ...first.items],
        failureCounts: tally.byReason,
        failedItemCount: tally.failedItems,
      };
    }
    const done = await this.update(workspaceId, runId, "complete", (run) =>
      toCompleted(run, completion, this.clock.now()),
    );
    await this.releaseLock(done);
    return done;
  }

  async isCanonical(workspaceId: string, runId: string): Promise<boolean> {
    const run = await this.readRun(workspaceId, runId);
    if (run === null || run.status === "completed") return false;
    const lock = await this.readLock(workspaceId, run.runIdentityHash);
    return lock !== null && lock.state === "active" && lock.runId === runId;
  }

  async list(
    workspaceId: string,
    filter: RunListFilter,
    limit: number,
    continuation: string | null,
  ): Promise<RunPage> {
    return listPage(this.container, {
      action: "list runs",
      workspaceId,
      docType: "run",
      orderBy: "createdAt",
      filters: [
        ["tenantId", "=", "tenantId", filter.tenantId],
        ["type", "=", "type", filter.type],
        ["status", "=", "status", filter.status],
        ["outcome", "=", "outcome", filter.outcome],
        ["initiatorName", "=", "initiator", filter.initiator],
        ["createdAt", ">=", "since", filter.since],
        ["createdAt", "<", "until", filter.until],
      ],
      limit,
      continuation,
      parse: (doc) => operationRunSchema.parse(doc),
    });
  }

  /**
   * Reconciler support: finishes what a crash left between the protocol's steps in one workspace. Re-creates
   * runs missing behind an active lock (they then look like queued runs without an orchestration, which the
   * reconciler fails after its grace period) and releases locks whose run completed.
   */
  async repairLocks(workspaceId: string): Promise<LockRepairReport> {
    const report: LockRepairReport = { runsRecreated: [], locksReleased: [] };
    const { resources } = await cosmosCall("list locks", () =>
      this.container.items
        .query<ItemDefinition>(
          {
            query: "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'lock'",
            parameters: [{ name: "@workspaceId", value: workspaceId }],
          },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    for (const doc of resources) {
      const lock = activeRunLockSchema.parse(doc);
      const run = await this.readRun(workspaceId, lock.runId);
      if (run === null) {
        await this.materialize(lock.queuedRun);
        report.runsRecreated.push(lock.runId);
      } else if (run.status === "completed" && (await this.releaseLock(run))) {
        report.locksReleased.push(lock.id);
      }
    }
    return report;
  }

  /** Read → transition → replace with If-Match; a 412 means a concurrent writer: read again and retry. */
  private async update(
    workspaceId: string,
    runId: string,
    action: string,
    transition: (run: OperationRun) => OperationRun,
  ): Promise<OperationRun> {
    for (let round = 0; round < this.maxRounds; round += 1) {
      const stored = await this.readRun(workspaceId, runId);
      if (stored === null) throw new NotFoundError("OperationRun", runId);
      const current = stripEtag(stored);
      const next = transition(current);
      if (next === current) return current;
      validateRun(next);
      const replaced = await attempt(`${action}: replace run`, () =>
        this.container.item(runId, workspaceId).replace(next, {
          accessCondition: { type: "IfMatch", condition: stored._etag },
        }),
      );
      if (replaced.ok) return next;
      if (replaced.status === 404) throw new NotFoundError("OperationRun", runId);
    }
    throw new StoreError("store_conflict", `${action}: too many concurrent updates of run ${runId}`);
  }

  /**
   * After the run's final write: delete its lock, or turn it into `cooling` for types with a cooldown.
   * Only with If-Match, and only while the lock still names this run. Resolves whether it changed the lock.
   */
  private async releaseLock(run: OperationRun): Promise<boolean> {
    const cooldown = operationDefinition(run.type).cooldown && this.cooldownMs > 0;
    for (let round = 0; round < this.maxRounds; round += 1) {
      const lock = await this.readLock(run.workspaceId, run.runIdentityHash);
      if (lock === null || lock.runId !== run.id) return false;
      const completedAt = Date.parse(run.completedAt ?? this.clock.now().toISOString());
      const cooldownUntil = completedAt + this.cooldownMs;
      const keepCooling = cooldown && cooldownUntil > this.clock.now().getTime();
      if (lock.state === "cooling" && keepCooling) return false;
      const condition = { accessCondition: { type: "IfMatch", condition: lock._etag } };
      const result = keepCooling
        ? await attempt("complete: cool lock", () =>
            this.container.item(lock.id, lock.workspaceId).replace(
              {
                ...stripEtag(lock),
                state: "cooling",
                cooldownUntil: new Date(cooldownUntil).toISOString(),
                updatedAt: this.clock.now().toISOString(),
              },
              condition,
            ),
          )
        : await attempt("complete: release lock", () =>
            this.container.item(lock.id, lock.workspaceId).delete(condition),
          );
      if (result.ok) return true;
      if (result.status === 404) return false;
    }
    return false;
  }

  private async readRun(workspaceId: string, runId: string): Promise<Stored<OperationRun> | null> {
    const { resource } = await cosmosCall("read run", () =>
      this.container.item(runId, workspaceId).read<ItemDefinition>(),
    );
    if (resource === undefined) return null;
    const run = operationRunSchema.parse(resource);
    return { ...run, _etag: etagOf(resource) };
  }

  private async readLock(workspaceId: string, hash: string): Promise<Stored<ActiveRunLock> | null> {
    const { resource } = await cosmosCall("read lock", () =>
      this.container.item(hash, workspaceId).read<ItemDefinition>(),
    );
    if (resource === undefined) return null;
    return { ...activeRunLockSchema.parse(resource), _etag: etagOf(resource) };
  }
}

function etagOf(resource: ItemDefinition): string {
  const etag: unknown = resource._etag;
  if (typeof etag !== "string") throw new StoreError("unknown", "document without an etag");
  return etag;
}

function stripEtag<T extends object>(doc: T & { _etag?: string }): T {
  const { _etag: _ignored, ...rest } = doc;
  return rest as T;
}
