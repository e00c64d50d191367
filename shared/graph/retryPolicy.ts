// When to retry a Graph answer and how long to wait: Retry-After when present, else exponential backoff with
// full jitter, all within a total time budget per request.

export interface RetryOptions {
  /** Attempts in all (first try included). */
  maxAttempts: number;
  /** Wall time a request may spend waiting for retries, in ms. */
  totalBudgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 8,
  totalBudgetMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  random: Math.random,
};

export const retryableStatuses: ReadonlySet<number> = new Set([429, 503, 504]);

/** Retry-After in ms (delta-seconds or HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Delay before retry number `attempt` (1-based). */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, o: RetryOptions): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (o.random() * cap) / 2);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
