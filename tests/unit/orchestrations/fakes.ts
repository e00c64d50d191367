// In-memory ports for orchestration unit tests: a ledger that follows the dedupe protocol's rules (active lock,
// cooldown, canonical check), stores, an audit log with conditional create, and a Graph with request counters.
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import type { BackupItem, BackupSet, PayloadChunk } from "../../../shared/backup/backupDocuments.js";
import type { StoredBackupItem } from "../../../shared/backup/backupItemBuilder.js";
import { inRange, type ItemIdRange } from "../../../shared/backup/itemShards.js";
import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import {
  countFailuresByReason,
  failureLogId,
  failureSortKey,
  normalizeFailures,
} from "../../../shared/domain/failures.js";
import type { FailureEntry, OperationRun } from "../../../shared/domain/operationRun.js";
import { operationDefinition } from "../../../shared/domain/operationCatalog.js";
import type { OperationType } from "../../../shared/domain/operationTypes.js";
import { computeRunIdentityHash } from "../../../shared/domain/runIdentity.js";
import { normalizeSummaryCounts } from "../../../shared/domain/summaryCounts.js";
import type { ReasonCode } from "../../../shared/domain/reasonCodes.js";
import type { AuditLog } from "../../../shared/ports/auditLog.js";
import type { BackupStore } from "../../../shared/ports/backupStore.js";
import type {
  AssignmentsResult,
  DirectoryObject,
  DirectoryQuery,
  ListedPolicy,
  PolicyGraph,
  PolicyRef,
} from "../../../shared/ports/policyGraph.js";
import { PolicyGraphError } from "../../../shared/ports/policyGraph.js";
import type { RestoreStore } from "../../../shared/ports/restoreStore.js";
import type {
  FailurePage,
  FailurePageQuery,
  FailureTally,
  RunFailureLog,
} from "../../../shared/ports/runFailureLog.js";
import type {
  CompleteRunInput,
  RunLedger,
  StartRunInput,
  StartRunResult,
} from "../../../shared/ports/runLedger.js";
import type { RestoreItemResult, RestoreRun } from "../../../shared/restore/restoreRun.js";
import type { RestoreWorkItem } from "../../../shared/restore/restoreWorkItem.js";
import type { ActivityDeps } from "../../../orchestrations/activityDeps.js";

const now = () => "2026-11-25T12:00:00.000Z";

export class FakeLedger implements RunLedger {
  readonly runs = new Map<string, OperationRun>();
  /** identity hash → { runId, cooling } */
  readonly locks = new Map<string, { runId: string; cooling: boolean }>();
  readonly progress: { runId: string; counts: Record<string, number> }[] = [];
  /** Set by testDeps: completion then works like the Cosmos ledger's (log, counts, preview). */
  failureLog: MemoryFailureLog | null = null;
  private next = 1;
  /** The real identity rule of the catalog: missing identity inputs throw, as they do in the Cosmos ledger. */
  identity(input: Pick<StartRunInput, "workspaceId" | "tenantId" | "type" | "identityInputs">): string {
    return computeRunIdentityHash(input);
  }

  private cools(type: OperationType): boolean {
    return operationDefinition(type).cooldown;
  }

  seed(input: StartRunInput, runId: string): OperationRun {
    const run: OperationRun = {
      id: runId,
      docType: "run",
      workspaceId: input.workspaceId,
      tenantId: input.tenantId,
      userId: input.initiator.userId,
      initiatorName: input.initiator.name,
      type: input.type,
      status: "queued",
      outcome: "pending",
      runIdentityHash: this.identity(input),
      summaryCounts: {},
      failureSummary: [],
      context: input.context ?? {},
      createdAt: now(),
      updatedAt: now(),
      startedAt: null,
      completedAt: null,
    };
    this.runs.set(runId, run);
    this.locks.set(run.runIdentityHash, { runId, cooling: false });
    return run;
  }

  start(input: StartRunInput): Promise<StartRunResult> {
    const hash = this.identity(input);
    const lock = this.locks.get(hash);
    const held = lock === undefined ? undefined : this.runs.get(lock.runId);
    if (lock !== undefined && held !== undefined) {
      if (!lock.cooling) return Promise.resolve({ run: held, deduped: true, reason: "active" });
      return Promise.resolve({ run: held, deduped: true, reason: "cooldown" });
    }
    return Promise.resolve({ run: this.seed(input, `run-${this.next++}`), deduped: false });
  }

  get(_workspaceId: string, runId: string): Promise<OperationRun | null> {
    return Promise.resolve(this.runs.get(runId) ?? null);
  }

  private must(runId: string): OperationRun {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`no run ${runId}`);
    return run;
  }

  markRunning(_workspaceId: string, runId: string): Promise<OperationRun> {
    const run = this.must(runId);
    if (run.status === "queued") this.runs.set(runId, { ...run, status: "running", startedAt: now() });
    return Promise.resolve(this.must(runId));
  }

  reportProgress(_workspaceId: string, runId: string, counts: Record<string, number>): Promise<void> {
    const run = this.must(runId);
    const normalized = normalizeSummaryCounts(run.type, counts);
    this.progress.push({ runId, counts: normalized });
    this.runs.set(runId, { ...run, summaryCounts: normalized });
    return Promise.resolve();
  }

  async complete(workspaceId: string, runId: string, input: CompleteRunInput): Promise<OperationRun> {
    const run = this.must(runId);
    let failures = [...(input.failures ?? [])];
    if (this.failureLog !== null) {
      await this.failureLog.record(workspaceId, runId, failures);
      failures = normalizeFailures([...failures, ...this.failureLog.of(runId)]);
    }
    const done: OperationRun = {
      ...run,
      status: "completed",
      outcome: input.outcome,
      summaryCounts:
        input.summaryCounts === undefined
          ? run.summaryCounts
          : normalizeSummaryCounts(run.type, input.summaryCounts),
      failureSummary: failures,
      completedAt: run.completedAt ?? now(),
    };
    this.runs.set(runId, done);
    const lock = this.locks.get(run.runIdentityHash);
    if (lock?.runId === runId) {
      if (this.cools(run.type)) this.locks.set(run.runIdentityHash, { runId, cooling: true });
      else this.locks.delete(run.runIdentityHash);
    }
    return done;
  }

  linkChildRun(_workspaceId: string, runId: string, childRunId: string): Promise<void> {
    const run = this.must(runId);
    const childRunIds = [...new Set([...(run.context.childRunIds ?? []), childRunId])];
    this.runs.set(runId, { ...run, context: { ...run.context, childRunIds } });
    return Promise.resolve();
  }

  isCanonical(_workspaceId: string, runId: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run === undefined || run.status === "completed") return Promise.resolve(false);
    return Promise.resolve(this.locks.get(run.runIdentityHash)?.runId === runId);
  }

  list(): never {
    throw new Error("not used");
  }
}

/** The failure log in memory: deterministic ids like the Cosmos one, so a replayed activity adds nothing. */
export class MemoryFailureLog implements RunFailureLog {
  readonly entries = new Map<string, { runId: string; entry: FailureEntry }>();

  record(_workspaceId: string, runId: string, failures: readonly FailureEntry[]): Promise<void> {
    for (const entry of failures) this.entries.set(failureLogId(runId, entry), { runId, entry });
    return Promise.resolve();
  }

  of(runId: string): FailureEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.runId === runId)
      .map((e) => e.entry)
      .sort((a, b) => failureSortKey(a).localeCompare(failureSortKey(b)));
  }

  page(_workspaceId: string, runId: string, query: FailurePageQuery): Promise<FailurePage> {
    const start = query.continuation === null ? 0 : Number(query.continuation);
    const all = this.of(runId).filter(
      (f) => query.reasonCode === undefined || f.reasonCode === query.reasonCode,
    );
    const items = all.slice(start, start + query.limit);
    const next = start + items.length;
    return Promise.resolve({ items, continuation: next < all.length ? String(next) : null });
  }

  tally(_workspaceId: string, runId: string): Promise<FailureTally> {
    const entries = this.of(runId);
    const items = new Set(entries.flatMap((f) => (f.itemId === undefined ? [] : [f.itemId])));
    return Promise.resolve({ byReason: countFailuresByReason(entries), failedItems: items.size });
  }

  failedItemIds(_workspaceId: string, runId: string, max: number): Promise<string[]> {
    const ids = this.of(runId).flatMap((f) => (f.itemId === undefined ? [] : [f.itemId]));
    return Promise.resolve([...new Set(ids)].sort().slice(0, max));
  }
}

export class MemoryBackupStore implements BackupStore {
  readonly sets = new Map<string, BackupSet>();
  readonly items = new Map<string, BackupItem>();
  readonly chunks = new Map<string, PayloadChunk>();
  itemWrites = 0;

  saveBackupSet(set: BackupSet): Promise<void> {
    this.sets.set(set.id, structuredClone(set));
    return Promise.resolve();
  }
  getBackupSet(_ws: string, id: string): Promise<BackupSet | null> {
    return Promise.resolve(structuredClone(this.sets.get(id) ?? null));
  }
  saveItems(items: readonly StoredBackupItem[]): Promise<void> {
    for (const { item, chunks } of items) {
      for (const chunk of chunks) this.chunks.set(chunk.id, chunk);
      this.items.set(item.id, structuredClone(item));
      this.itemWrites++;
    }
    return Promise.resolve();
  }
  updateItems(items: readonly BackupItem[]): Promise<void> {
    for (const item of items) {
      this.items.set(item.id, structuredClone(item));
      this.itemWrites++;
    }
    return Promise.resolve();
  }
  getItems(_ws: string, ids: readonly string[]): Promise<BackupItem[]> {
    return Promise.resolve(
      ids.flatMap((id) => (this.items.has(id) ? [structuredClone(this.items.get(id)!)] : [])),
    );
  }
  listItemsInRange(_ws: string, setId: string, range: ItemIdRange): Promise<BackupItem[]> {
    return Promise.resolve(
      structuredClone(
        [...this.items.values()]
          .filter((i) => i.backupSetId === setId && inRange(i.id, range))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      ),
    );
  }
  getPayloadChunks(_ws: string, itemId: string): Promise<PayloadChunk[]> {
    return Promise.resolve([...this.chunks.values()].filter((c) => c.backupItemId === itemId));
  }
  listItems(_ws: string, setId: string, limit: number, continuation: string | null) {
    const all = [...this.items.values()]
      .filter((i) => i.backupSetId === setId)
      .sort((a, b) => a.id.localeCompare(b.id));
    const from = continuation === null ? 0 : Number(continuation);
    const page = all.slice(from, from + limit);
    const nextFrom = from + page.length;
    return Promise.resolve({
      items: structuredClone(page),
      continuation: nextFrom < all.length ? String(nextFrom) : null,
    });
  }
}

export class MemoryRestoreStore implements RestoreStore {
  readonly runs = new Map<string, RestoreRun>();
  create(run: RestoreRun): Promise<{ created: boolean }> {
    if (this.runs.has(run.id)) return Promise.resolve({ created: false });
    this.runs.set(run.id, structuredClone(run));
    return Promise.resolve({ created: true });
  }
  get(_ws: string, id: string): Promise<RestoreRun | null> {
    return Promise.resolve(structuredClone(this.runs.get(id) ?? null));
  }
  update(_ws: string, id: string, patch: Partial<RestoreRun>): Promise<RestoreRun> {
    const run = this.runs.get(id);
    if (run === undefined) throw new Error(`no restore run ${id}`);
    const next = { ...run, ...patch };
    this.runs.set(id, next);
    return Promise.resolve(structuredClone(next));
  }
  upsertResults(_ws: string, id: string, results: readonly RestoreItemResult[]): Promise<void> {
    const run = this.runs.get(id);
    if (run === undefined) throw new Error(`no restore run ${id}`);
    const byItem = new Map(run.results.map((r) => [r.backupItemId, r]));
    for (const r of results) byItem.set(r.backupItemId, r);
    this.runs.set(id, { ...run, results: [...byItem.values()] });
    return Promise.resolve();
  }
  clearResults(_ws: string, id: string): Promise<void> {
    const run = this.runs.get(id);
    if (run !== undefined) this.runs.set(id, { ...run, results: [] });
    return Promise.resolve();
  }
  /** Stored plan batches by `${restoreRunId}/${planKey}/${index}`. */
  readonly plans = new Map<string, RestoreWorkItem[]>();
  savePlan(
    _ws: string,
    id: string,
    planKey: string,
    batches: readonly (readonly RestoreWorkItem[])[],
  ): Promise<void> {
    for (const [index, batch] of batches.entries()) {
      this.plans.set(`${id}/${planKey}/${String(index)}`, structuredClone([...batch]));
    }
    return Promise.resolve();
  }
  planBatch(_ws: string, id: string, planKey: string, index: number): Promise<RestoreWorkItem[] | null> {
    return Promise.resolve(structuredClone(this.plans.get(`${id}/${planKey}/${String(index)}`) ?? null));
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries = new Map<string, AuditEntry>();
  attempts = 0;
  record(entry: AuditEntry): Promise<{ recorded: boolean }> {
    this.attempts++;
    if (this.entries.has(entry.id)) return Promise.resolve({ recorded: false });
    this.entries.set(entry.id, entry);
    return Promise.resolve({ recorded: true });
  }
  list(): never {
    throw new Error("not used");
  }
}

export interface FakePolicy {
  id: string;
  displayName: string;
  assignments: PolicyAssignment[];
}

export interface FakeTenant {
  policies: Record<string, FakePolicy[]>;
  groups: DirectoryObject[];
  filters: DirectoryObject[];
}

/** Graph with per-tenant truth, request counters and fault injection. */
export class FakeGraph implements PolicyGraph {
  readonly counters = { list: 0, fetch: 0, fetchedRefs: 0, current: 0, assign: 0, groups: 0, filters: 0 };
  readonly writes: { tenantId: string; ref: PolicyRef; assignments: PolicyAssignment[] }[] = [];
  /** `${tenant}/${type}` → reason code for the whole list call. */
  readonly listFaults = new Map<string, ReasonCode>();
  /** policyId → reason code for that item's assignments. */
  readonly itemFaults = new Map<string, ReasonCode>();
  /** Number of upcoming fetchAssignments calls to fail with graph_throttled (after the port's own retries). */
  throttleNextFetches = 0;

  constructor(
    readonly tenants: Record<string, FakeTenant>,
    private readonly types: readonly string[] = ["deviceConfigurations", "managedAppPolicies"],
    private readonly expandable: ReadonlySet<string> = new Set(["deviceConfigurations"]),
  ) {}

  private tenant(id: string): FakeTenant {
    const t = this.tenants[id];
    if (t === undefined) throw new PolicyGraphError("graph_not_found", "tenant not found", 404);
    return t;
  }

  policyTypes(): readonly string[] {
    return this.types;
  }

  listPolicies(tenantId: string, policyType: string): Promise<ListedPolicy[]> {
    this.counters.list++;
    const fault = this.listFaults.get(`${tenantId}/${policyType}`);
    if (fault !== undefined)
      return Promise.reject(new PolicyGraphError(fault, "Forbidden: missing permission", 403));
    const policies = this.tenant(tenantId).policies[policyType] ?? [];
    return Promise.resolve(
      policies.map((p) => ({
        policyType,
        policyId: p.id,
        displayName: p.displayName,
        payload: { id: p.id, displayName: p.displayName },
        assignments: this.expandable.has(policyType) ? structuredClone(p.assignments) : null,
      })),
    );
  }

  private find(tenantId: string, ref: PolicyRef): FakePolicy | undefined {
    return (this.tenant(tenantId).policies[ref.policyType] ?? []).find((p) => p.id === ref.policyId);
  }

  fetchAssignments(tenantId: string, refs: readonly PolicyRef[]): Promise<AssignmentsResult[]> {
    this.counters.fetch++;
    this.counters.fetchedRefs += refs.length;
    if (this.throttleNextFetches > 0) {
      this.throttleNextFetches--;
      return Promise.reject(new PolicyGraphError("graph_throttled", "throttled", 429));
    }
    return Promise.resolve(
      refs.map((ref): AssignmentsResult => {
        const fault = this.itemFaults.get(ref.policyId);
        if (fault !== undefined) return { ok: false, ...ref, reasonCode: fault, message: "item failed" };
        const policy = this.find(tenantId, ref);
        if (policy === undefined)
          return { ok: false, ...ref, reasonCode: "graph_not_found", message: "not found" };
        return { ok: true, ...ref, assignments: structuredClone(policy.assignments) };
      }),
    );
  }

  currentAssignments(tenantId: string, ref: PolicyRef): Promise<PolicyAssignment[] | null> {
    this.counters.current++;
    const policy = this.find(tenantId, ref);
    return Promise.resolve(policy === undefined ? null : structuredClone(policy.assignments));
  }

  assign(tenantId: string, ref: PolicyRef, assignments: readonly PolicyAssignment[]): Promise<void> {
    this.counters.assign++;
    const policy = this.find(tenantId, ref);
    if (policy === undefined)
      return Promise.reject(new PolicyGraphError("graph_not_found", "not found", 404));
    policy.assignments = assignments.map((a, i) => ({ ...structuredClone(a), id: `${ref.policyId}_a${i}` }));
    this.writes.push({ tenantId, ref, assignments: structuredClone([...assignments]) });
    return Promise.resolve();
  }

  private resolve(objects: readonly DirectoryObject[], q: DirectoryQuery): DirectoryObject[] {
    const ids = new Set(q.ids.map((i) => i.toLowerCase()));
    const names = new Set(q.displayNames);
    return objects.filter((o) => ids.has(o.id.toLowerCase()) || names.has(o.displayName));
  }

  resolveGroups(tenantId: string, q: DirectoryQuery): Promise<DirectoryObject[]> {
    this.counters.groups++;
    return Promise.resolve(this.resolve(this.tenant(tenantId).groups, q));
  }

  resolveFilters(tenantId: string, q: DirectoryQuery): Promise<DirectoryObject[]> {
    this.counters.filters++;
    return Promise.resolve(this.resolve(this.tenant(tenantId).filters, q));
  }

  /** Requests that reached Graph (reads and writes). */
  total(): number {
    return Object.values(this.counters).reduce((a, b) => a + b, 0) - this.counters.fetchedRefs;
  }
}

export function testDeps(graph: FakeGraph, ledger = new FakeLedger()) {
  const logs: { event: string; properties: Readonly<Record<string, unknown>> }[] = [];
  const backups = new MemoryBackupStore();
  const restores = new MemoryRestoreStore();
  const audit = new MemoryAuditLog();
  const failureLog = new MemoryFailureLog();
  ledger.failureLog = failureLog;
  const deps: ActivityDeps = {
    ledger,
    failureLog,
    backups,
    restores,
    graph,
    audit,
    clock: { now: () => new Date("2026-11-25T12:00:00.000Z") },
    log: (event, properties) => logs.push({ event, properties }),
  };
  return { deps, logs, ledger, graph, backups, restores, audit, failureLog };
}
