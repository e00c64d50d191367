// Per-tenant request budget shared by every concurrent caller for a tenant, sized under Intune's per-app
// limits so we pace ourselves instead of bouncing off 429s. It is a token bucket whose tokens come back one
// window after use (a sliding window): Intune states its limits per window, and this lets a run use the whole
// window's allowance without ever exceeding it in any window.

export interface BudgetLimits {
  /** Requests (throttle units) Intune allows per window for one app in one tenant. */
  requestsPerWindow: number;
  writesPerWindow: number;
  windowMs: number;
  /** Share of the limit we use (headroom for other apps and clock skew). */
  share: number;
}

/** Intune: 1,000 requests and 100 writes per 20 s per app per tenant. */
export const intuneAppLimits: BudgetLimits = {
  requestsPerWindow: 1000,
  writesPerWindow: 100,
  windowMs: 20_000,
  share: 0.98,
};

export class WindowBucket {
  private readonly spent: { at: number; n: number }[] = [];
  private used = 0;
  private readonly waiters: { n: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  readonly capacity: number;
  /** The window plus a margin, so that our send time and the server's arrival time never disagree. */
  readonly windowMs: number;

  constructor(limit: number, windowMs: number, share: number) {
    this.capacity = Math.max(1, Math.floor(limit * share));
    this.windowMs = Math.ceil(windowMs * 1.05) + 20;
  }

  private evict(now: number): void {
    while (this.spent.length > 0 && (this.spent[0]?.at ?? now) <= now - this.windowMs) {
      this.used -= this.spent.shift()?.n ?? 0;
    }
  }

  /**
   * Waits until `n` units may be sent. Waiters are served in order, but a small request may go ahead of a
   * larger one that does not fit yet (backfill), so a sequential pager is not starved behind $batches.
   * More than the capacity runs into debt (a batch of 20 writes under a smaller limit).
   */
  take(n: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push({ n, resolve });
      this.drain();
    });
  }

  private drain(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = Date.now();
    if (now < this.pausedUntil) {
      this.schedule(this.pausedUntil - now);
      return;
    }
    this.evict(now);
    for (let i = 0; i < this.waiters.length;) {
      const w = this.waiters[i];
      if (w === undefined) break;
      // The head goes when it fits (or into debt on an empty window); a later one only when it fits as is.
      const fits = this.used + Math.min(w.n, this.capacity) <= this.capacity;
      if (i === 0 ? fits : this.used + w.n <= this.capacity) {
        this.spent.push({ at: now, n: w.n });
        this.used += w.n;
        this.waiters.splice(i, 1);
        w.resolve();
        continue;
      }
      i++;
    }
    if (this.waiters.length > 0) {
      const oldest = this.spent[0]?.at ?? now;
      this.schedule(Math.max(1, oldest + this.windowMs - now));
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, ms);
    this.timer.unref();
  }

  /** After a 429 every caller for this tenant waits: the server told us its window is full. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

export class TenantBudget {
  readonly all: WindowBucket;
  readonly writes: WindowBucket;
  constructor(readonly limits: BudgetLimits) {
    this.all = new WindowBucket(limits.requestsPerWindow, limits.windowMs, limits.share);
    this.writes = new WindowBucket(limits.writesPerWindow, limits.windowMs, limits.share);
  }

  async take(operations: number, writes: number): Promise<void> {
    if (writes > 0) await this.writes.take(writes);
    if (operations > 0) await this.all.take(operations);
  }

  pause(ms: number): void {
    this.all.pause(ms);
  }
}

/** One budget per tenant for the whole process. */
export class TenantBudgets {
  private readonly byTenant = new Map<string, TenantBudget>();
  constructor(readonly limits: BudgetLimits = intuneAppLimits) {}
  for(tenantId: string): TenantBudget {
    let b = this.byTenant.get(tenantId);
    if (!b) {
      b = new TenantBudget(this.limits);
      this.byTenant.set(tenantId, b);
    }
    return b;
  }
}
