// Request coalescing for point reads: concurrent callers that need the same document share one in-flight
// read, provided that read was issued after the caller's own operation began (so every answer still reflects
// a state from within that caller's operation). This is not a lock: every write stays conditional on Cosmos.
// It is what keeps a burst of identical starts (one hot identity, many requests) from multiplying reads.
import { performance } from "node:perf_hooks";

export class ReadCoalescer<T> {
  private readonly inflight = new Map<string, { issuedAt: number; promise: Promise<T> }>();

  /** A monotonic timestamp to pass as `since` for reads that belong to an operation starting now. */
  static now(): number {
    return performance.now();
  }

  read(key: string, since: number, load: () => Promise<T>): Promise<T> {
    const current = this.inflight.get(key);
    if (current !== undefined && current.issuedAt >= since) return current.promise;
    const issuedAt = performance.now();
    const promise = load().finally(() => {
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, { issuedAt, promise });
    return promise;
  }
}
