// Per-tenant request budget: token buckets (all requests, writes) shared by every concurrent caller for a tenant,
// sized under Intune's per-app limits so we pace ourselves instead of bouncing off 429s.
import { sleep } from "./retryPolicy.js";

export interface BudgetLimits {
  /** Requests (throttle units) Intune allows per window for one app in one tenant. */
  requestsPerWindow: number;
  writesPerWindow: number;
  windowMs: number;
  /** Burst: bucket capacity as a share of the limit. */
  burstShare: number;
  /** Steady rate as a share of the limit's rate; burstShare + rateShare < 1 leaves headroom. */
  rateShare: number;
}

/** Intune: 1,000 requests and 100 writes per 20 s per app per tenant. */
export const intuneAppLimits: BudgetLimits = {
  requestsPerWindow: 1000,
  writesPerWindow: 100,
  windowMs: 20_000,
  burstShare: 0.05,
  rateShare: 0.9,
};

/**
 * A token bucket whose capacity plus one window of refill stays under the limit, so even a sliding-window
 * counter never sees more than the limit. Takes of more than the capacity run into debt (a batch of 20 writes).
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private tail: Promise<void> = Promise.resolve();
  private pausedUntil = 0;
  readonly capacity: number;
  readonly perMs: number;

  constructor(limit: number, windowMs: number, burstShare: number, rateShare: number) {
    this.capacity = Math.max(1, Math.floor(limit * burstShare));
    this.perMs = (limit * rateShare) / windowMs;
    this.tokens = this.capacity;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  /** Waits (FIFO) until `n` units may be sent. */
  take(n: number): Promise<void> {
    const run = async (): Promise<void> => {
      for (;;) {
        const now = Date.now();
        if (now < this.pausedUntil) {
          await sleep(this.pausedUntil - now);
          continue;
        }
        this.refill(now);
        const need = Math.min(n, this.capacity);
        if (this.tokens >= need) {
          this.tokens -= n;
          return;
        }
        await sleep(Math.max(1, Math.ceil((need - this.tokens) / this.perMs)));
      }
    };
    const next = this.tail.then(run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** After a 429 every caller for this tenant waits: the server told us the window is full. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.tokens = Math.min(this.tokens, 0);
  }
}

export class TenantBudget {
  readonly all: TokenBucket;
  readonly writes: TokenBucket;
  constructor(readonly limits: BudgetLimits) {
    // Any window sees at most capacity + one window of refill = (burstShare + rateShare) x limit.
    const { windowMs, burstShare, rateShare } = limits;
    this.all = new TokenBucket(limits.requestsPerWindow, windowMs, burstShare, rateShare);
    this.writes = new TokenBucket(limits.writesPerWindow, windowMs, burstShare, rateShare);
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
