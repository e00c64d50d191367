// Maps what the Cosmos SDK throws to the store's vocabulary. 404/409/412 are answers the protocol expects
// (callers branch on them); throttling and outages (429/503/408/network), which the SDK has already retried
// with its policy, become `store_unavailable`; anything else is `unknown`. Messages are sanitized.
import { StoreError } from "../domain/errors.js";
import { sanitizeMessage } from "../domain/sanitize.js";

const expected = new Set([404, 409, 412]);
const unavailable = new Set([408, 429, 449, 500, 502, 503, 504]);
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** HTTP status of a Cosmos error, or undefined for network-level failures. */
export function cosmosStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code;
  if (typeof code === "number") return code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  return typeof statusCode === "number" ? statusCode : undefined;
}

export function toStoreError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  const status = cosmosStatus(error);
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  const isNetwork =
    (typeof code === "string" && networkCodes.has(code)) || name === "AbortError" || name === "TimeoutError";
  if ((status !== undefined && unavailable.has(status)) || isNetwork) {
    return new StoreError(
      "store_unavailable",
      `${action}: store unavailable (${String(status ?? code)})`,
      status,
    );
  }
  if (status === 409 || status === 412) {
    return new StoreError(
      "store_conflict",
      `${action}: lost a concurrent update (${String(status)})`,
      status,
    );
  }
  return new StoreError("unknown", `${action}: ${sanitizeMessage(error, 200)}`, status);
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: 404 | 409 | 412 };

/** Runs a Cosmos call; 404/409/412 come back as values, everything else throws a StoreError. */
export async function attempt<T>(action: string, call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const status = cosmosStatus(error);
    if (status !== undefined && expected.has(status)) return { ok: false, status: status as 404 | 409 | 412 };
    throw toStoreError(error, action);
  }
}

/** Runs a Cosmos call where no status is expected; every failure throws a StoreError. */
export async function cosmosCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStoreError(error, action);
  }
}

/**
 * Whether a failed `create` means "already exists". Any other answer (404: database or container missing)
 * is a store fault, not a protocol answer.
 */
export function isAlreadyExists(result: Attempt<unknown>, action: string): boolean {
  if (result.ok) return false;
  if (result.status === 409) return true;
  throw new StoreError(
    "store_unavailable",
    `${action}: store answered ${String(result.status)}`,
    result.status,
  );
}
