// Intune's documented throttle: per tenant and per app per tenant, all requests and writes counted apart, in a
// window (20 s in Graph). Sliding window: never more than N in any window, which is at least as strict as Graph.

export interface ThrottleLimits {
  windowMs: number;
  tenantRequests: number;
  tenantWrites: number;
  appRequests: number;
  appWrites: number;
  /** Every Nth 429 omits Retry-After, as some Intune endpoints do (0 = always send it). */
  omitRetryAfterEvery: number;
}

export const intuneDefaultLimits: ThrottleLimits = {
  windowMs: 20_000,
  tenantRequests: 2000,
  tenantWrites: 200,
  appRequests: 1000,
  appWrites: 100,
  omitRetryAfterEvery: 10,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number | null };

class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;
  count(now: number, windowMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - windowMs) this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  oldest(): number {
    return this.times[this.head] ?? 0;
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export class Throttle {
  private readonly windows = new Map<string, SlidingWindow>();
  private rejected = 0;
  constructor(public limits: ThrottleLimits = { ...intuneDefaultLimits }) {}

  reset(limits?: ThrottleLimits): void {
    this.windows.clear();
    this.rejected = 0;
    if (limits) this.limits = limits;
  }

  private window(key: string): SlidingWindow {
    let w = this.windows.get(key);
    if (!w) {
      w = new SlidingWindow();
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts one Intune request; refuses it when any of the four windows is full. */
  take(tenantId: string, appId: string, isWrite: boolean, now = Date.now()): ThrottleDecision {
    const l = this.limits;
    const checks: [string, number][] = [
      [`${tenantId}|all`, l.tenantRequests],
      [`${tenantId}|${appId}|all`, l.appRequests],
    ];
    if (isWrite) checks.push([`${tenantId}|w`, l.tenantWrites], [`${tenantId}|${appId}|w`, l.appWrites]);
    let waitMs = 0;
    for (const [key, limit] of checks) {
      const w = this.window(key);
      if (w.count(now, l.windowMs) >= limit) waitMs = Math.max(waitMs, w.oldest() + l.windowMs - now);
    }
    if (waitMs > 0) {
      this.rejected++;
      const omit = l.omitRetryAfterEvery > 0 && this.rejected % l.omitRetryAfterEvery === 0;
      return { allowed: false, retryAfterSeconds: omit ? null : Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    for (const [key] of checks) this.window(key).add(now);
    return { allowed: true };
  }
}
