// Idempotency-Key records for mutating endpoints. Implemented on Cosmos DB (container `idempotency`) in
// shared/store/idempotencyStore.ts with conditional writes only.

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface IdempotencyScope {
  workspaceId: string;
  /** The caller (principal id): keys of different callers never collide. */
  principalId: string;
  key: string;
  /** Hash of method, path and canonical body: the same key with other parameters is refused. */
  requestHash: string;
}

export type IdempotencyClaim =
  /** The caller owns the key now: run the request, then complete (or abandon) it. */
  | { kind: "owner" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export interface IdempotencyStore {
  /** Claims a key (valid for `ttlSeconds`) or reports what it already holds. */
  claim(scope: IdempotencyScope, now: Date, ttlSeconds: number): Promise<IdempotencyClaim>;
  /** Stores the first answer for replays. */
  complete(scope: IdempotencyScope, response: StoredResponse): Promise<void>;
  /** Releases a claim whose request failed unexpectedly, so a retry may run it again. */
  abandon(scope: IdempotencyScope): Promise<void>;
}
