// Opaque continuation tokens: the SDK's token wrapped (versioned, base64url) so callers cannot depend on its
// shape and a tampered token is rejected as a validation error on `continuation`.
import { z } from "zod";

import { StoreError, ValidationError } from "../domain/errors.js";

const tokenSchema = z.object({ v: z.literal(1), t: z.string().min(1) });

export function encodeContinuation(sdkToken: string | undefined): string | null {
  if (sdkToken === undefined || sdkToken.length === 0) return null;
  return Buffer.from(JSON.stringify({ v: 1, t: sdkToken }), "utf8").toString("base64url");
}

export function decodeContinuation(token: string | null): string | undefined {
  if (token === null) return undefined;
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8"))).t;
  } catch {
    throw new ValidationError("continuation", "is not a token this API issued");
  }
}

/**
 * Runs a query resumed from a caller's token. The store answers 400 to a token of its shape that it did not
 * issue (Cosmos and the local server alike): that is the caller's bad `continuation`, not a store failure.
 */
export async function resumedQuery<T>(
  continuationToken: string | undefined,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (continuationToken !== undefined && error instanceof StoreError && error.statusCode === 400) {
      throw new ValidationError("continuation", "is not a token this API issued");
    }
    throw error;
  }
}

/** Page sizes the list endpoints accept. */
export function validateLimit(limit: number, max = 200): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ValidationError("limit", `must be an integer between 1 and ${String(max)}`);
  }
  return limit;
}
