// Request counters and a bounded request log, read by tests and benchmarks through the admin API.

export interface TenantCounters {
  /** HTTP calls (a $batch is one). */
  requests: number;
  /** Throttle units: each Intune request, each $batch sub-request. */
  operations: number;
  reads: number;
  writes: number;
  batchRequests: number;
  batchSubRequests: number;
  throttled: number;
  byMethod: Record<string, number>;
  byPathKind: Record<string, number>;
  byStatus: Record<string, number>;
}

export interface RequestLogEntry {
  at: string;
  tenantId: string | null;
  appId: string | null;
  method: string;
  path: string;
  query: string;
  status: number;
  pathKind: string;
  batchItem: boolean;
}

const emptyCounters = (): TenantCounters => ({
  requests: 0,
  operations: 0,
  reads: 0,
  writes: 0,
  batchRequests: 0,
  batchSubRequests: 0,
  throttled: 0,
  byMethod: {},
  byPathKind: {},
  byStatus: {},
});

const bump = (rec: Record<string, number>, key: string): void => {
  rec[key] = (rec[key] ?? 0) + 1;
};

export class Counters {
  private byTenant = new Map<string, TenantCounters>();
  private log: RequestLogEntry[] = [];
  tokenRequests = 0;
  constructor(private readonly logLimit = 20_000) {}

  reset(): void {
    this.byTenant.clear();
    this.log = [];
    this.tokenRequests = 0;
  }

  private tenant(id: string | null): TenantCounters {
    const key = id ?? "(none)";
    let c = this.byTenant.get(key);
    if (!c) {
      c = emptyCounters();
      this.byTenant.set(key, c);
    }
    return c;
  }

  record(
    entry: RequestLogEntry,
    opts: { isBatch: boolean; isWrite: boolean; countsAsOperation: boolean },
  ): void {
    const c = this.tenant(entry.tenantId);
    if (entry.batchItem) c.batchSubRequests++;
    else c.requests++;
    if (opts.isBatch) c.batchRequests++;
    if (opts.countsAsOperation) c.operations++;
    if (!opts.isBatch) {
      if (opts.isWrite) c.writes++;
      else c.reads++;
    }
    if (entry.status === 429) c.throttled++;
    bump(c.byMethod, entry.method);
    bump(c.byPathKind, entry.pathKind);
    bump(c.byStatus, String(entry.status));
    this.log.push(entry);
    if (this.log.length > this.logLimit) this.log.splice(0, this.log.length - this.logLimit);
  }

  snapshot(): { tokenRequests: number; total: TenantCounters; byTenant: Record<string, TenantCounters> } {
    const total = emptyCounters();
    for (const c of this.byTenant.values()) {
      for (const k of [
        "requests",
        "operations",
        "reads",
        "writes",
        "batchRequests",
        "batchSubRequests",
        "throttled",
      ] as const)
        total[k] += c[k];
      for (const k of ["byMethod", "byPathKind", "byStatus"] as const)
        for (const [key, n] of Object.entries(c[k])) total[k][key] = (total[k][key] ?? 0) + n;
    }
    return { tokenRequests: this.tokenRequests, total, byTenant: Object.fromEntries(this.byTenant) };
  }

  entries(limit: number, tenantId?: string): RequestLogEntry[] {
    const filtered = tenantId === undefined ? this.log : this.log.filter((e) => e.tenantId === tenantId);
    return filtered.slice(-limit);
  }
}
