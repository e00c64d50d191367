// In-memory DirectoryStore, RunLedger and AuditLog for the API tests until the Cosmos stores
// (shared/store, another slice) are merged; then the tests switch to those. They follow the ports'
// documented behaviour: dedupe by identity hash, newest first, partition (workspace) scoped reads.
import { createHash, randomUUID } from "node:crypto";

import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import type { Membership, Tenant, Workspace } from "../../../shared/domain/directory.js";
import type { OperationRun, SummaryCounts } from "../../../shared/domain/operationRun.js";
import type { AuditFilter, AuditLog } from "../../../shared/ports/auditLog.js";
import type { DirectoryStore } from "../../../shared/ports/directoryStore.js";
import type {
  CompleteRunInput,
  RunLedger,
  RunListFilter,
  RunPage,
  StartRunInput,
  StartRunResult,
} from "../../../shared/ports/runLedger.js";

function pageOf<T>(all: T[], limit: number, continuation: string | null) {
  const offset = continuation === null ? 0 : Number(continuation);
  const items = all.slice(offset, offset + limit);
  return { items, continuation: offset + limit < all.length ? String(offset + limit) : null };
}

export class MemoryDirectory implements DirectoryStore {
  workspaces: Workspace[] = [];
  memberships: Membership[] = [];
  tenants: Tenant[] = [];
  getWorkspace(workspaceId: string) {
    return Promise.resolve(this.workspaces.find((w) => w.id === workspaceId) ?? null);
  }
  listMemberships(userId: string) {
    return Promise.resolve(this.memberships.filter((m) => m.userId === userId));
  }
  getMembership(workspaceId: string, userId: string) {
    return Promise.resolve(
      this.memberships.find((m) => m.workspaceId === workspaceId && m.userId === userId) ?? null,
    );
  }
  listTenants(workspaceId: string) {
    return Promise.resolve(this.tenants.filter((t) => t.workspaceId === workspaceId));
  }
  getTenant(workspaceId: string, tenantId: string) {
    return Promise.resolve(
      this.tenants.find((t) => t.workspaceId === workspaceId && t.id === tenantId) ?? null,
    );
  }
  createTenant(tenant: Tenant) {
    const existing = this.tenants.find(
      (t) => t.workspaceId === tenant.workspaceId && t.externalId === tenant.externalId,
    );
    if (existing !== undefined) return Promise.resolve({ tenant: existing, created: false });
    this.tenants.push(tenant);
    return Promise.resolve({ tenant, created: true });
  }
}

export class MemoryLedger implements RunLedger {
  runs: OperationRun[] = [];
  private locks = new Map<string, string>();
  constructor(private readonly now: () => Date) {}

  start(input: StartRunInput): Promise<StartRunResult> {
    const hash = createHash("sha256")
      .update(JSON.stringify([input.workspaceId, input.tenantId, input.type, input.identityInputs]))
      .digest("hex");
    const lockedRunId = this.locks.get(hash);
    const active = this.runs.find((r) => r.id === lockedRunId && r.status !== "completed");
    if (active !== undefined) return Promise.resolve({ run: active, deduped: true, reason: "active" });
    const at = this.now().toISOString();
    const run: OperationRun = {
      id: randomUUID(),
      docType: "run",
      workspaceId: input.workspaceId,
      tenantId: input.tenantId,
      userId: input.initiator.userId,
      initiatorName: input.initiator.name,
      type: input.type,
      status: "queued",
      outcome: "pending",
      runIdentityHash: hash,
      summaryCounts: {},
      failureSummary: [],
      context: input.context ?? {},
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      completedAt: null,
    };
    this.runs.push(run);
    this.locks.set(hash, run.id);
    return Promise.resolve({ run, deduped: false });
  }
  get(workspaceId: string, runId: string) {
    return Promise.resolve(this.runs.find((r) => r.workspaceId === workspaceId && r.id === runId) ?? null);
  }
  private mustGet(workspaceId: string, runId: string): OperationRun {
    const run = this.runs.find((r) => r.workspaceId === workspaceId && r.id === runId);
    if (run === undefined) throw new Error("run not found");
    return run;
  }
  markRunning(workspaceId: string, runId: string) {
    const run = this.mustGet(workspaceId, runId);
    if (run.status === "queued")
      Object.assign(run, { status: "running", startedAt: this.now().toISOString() });
    return Promise.resolve(run);
  }
  reportProgress(workspaceId: string, runId: string, summaryCounts: SummaryCounts) {
    this.mustGet(workspaceId, runId).summaryCounts = summaryCounts;
    return Promise.resolve();
  }
  complete(workspaceId: string, runId: string, input: CompleteRunInput) {
    const run = this.mustGet(workspaceId, runId);
    if (run.status === "completed") throw new Error("already completed");
    Object.assign(run, {
      status: "completed",
      outcome: input.outcome,
      completedAt: this.now().toISOString(),
      ...(input.summaryCounts === undefined ? {} : { summaryCounts: input.summaryCounts }),
      ...(input.failures === undefined ? {} : { failureSummary: [...input.failures] }),
    });
    return Promise.resolve(run);
  }
  isCanonical(workspaceId: string, runId: string) {
    const run = this.mustGet(workspaceId, runId);
    return Promise.resolve(this.locks.get(run.runIdentityHash) === runId && run.status !== "completed");
  }
  linkChildRun(workspaceId: string, runId: string, childRunId: string) {
    const run = this.mustGet(workspaceId, runId);
    run.context = { ...run.context, childRunIds: [...(run.context.childRunIds ?? []), childRunId] };
    return Promise.resolve();
  }
  list(
    workspaceId: string,
    filter: RunListFilter,
    limit: number,
    continuation: string | null,
  ): Promise<RunPage> {
    const all = this.runs
      .filter(
        (r) =>
          r.workspaceId === workspaceId &&
          (filter.tenantId === undefined || r.tenantId === filter.tenantId) &&
          (filter.type === undefined || r.type === filter.type) &&
          (filter.status === undefined || r.status === filter.status) &&
          (filter.outcome === undefined || r.outcome === filter.outcome) &&
          (filter.initiator === undefined || r.userId === filter.initiator) &&
          (filter.since === undefined || r.createdAt >= filter.since) &&
          (filter.until === undefined || r.createdAt < filter.until),
      )
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return Promise.resolve(pageOf(all, limit, continuation));
  }
}

export class MemoryAudit implements AuditLog {
  entries: AuditEntry[] = [];
  record(entry: AuditEntry) {
    if (this.entries.some((e) => e.workspaceId === entry.workspaceId && e.id === entry.id)) {
      return Promise.resolve({ recorded: false });
    }
    this.entries.push(entry);
    return Promise.resolve({ recorded: true });
  }
  list(workspaceId: string, filter: AuditFilter, limit: number, continuation: string | null) {
    const all = this.entries
      .filter(
        (e) =>
          e.workspaceId === workspaceId &&
          (filter.tenantId === undefined || e.tenantId === filter.tenantId) &&
          (filter.action === undefined || e.action === filter.action) &&
          (filter.actorUserId === undefined || e.actor.userId === filter.actorUserId) &&
          (filter.runId === undefined || e.runId === filter.runId),
      )
      .reverse();
    return Promise.resolve(pageOf(all, limit, continuation));
  }
}
