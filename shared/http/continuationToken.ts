// Opaque continuation tokens. The store's own token (a Cosmos continuation) is wrapped with the scope it
// belongs to (workspace, endpoint, filters) and a checksum, so a garbled, foreign or re-filtered token
// answers 400 naming `query.continuation` instead of reaching the store.
import { createHash } from "node:crypto";

import { z } from "zod";

import { HttpProblem } from "./httpProblem.js";

const envelopeSchema = z.strictObject({ v: z.literal(1), s: z.string(), c: z.string(), h: z.string() });

/** Longest token accepted; real tokens are far shorter. */
export const maxContinuationLength = 4096;

function checksum(scope: string, storeToken: string): string {
  return createHash("sha256").update(`${scope}\n${storeToken}`).digest("base64url").slice(0, 22);
}

/** A stable string for what a page belongs to: the endpoint, the workspace and the filters. */
export function continuationScope(parts: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(parts).sort();
  const canonical = JSON.stringify(keys.map((k) => [k, parts[k] ?? null]));
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 16);
}

export function encodeContinuation(scope: string, storeToken: string | null): string | null {
  if (storeToken === null) return null;
  const envelope = { v: 1, s: scope, c: storeToken, h: checksum(scope, storeToken) };
  return Buffer.from(JSON.stringify(envelope), "utf8").toString("base64url");
}

const invalid = (): HttpProblem =>
  new HttpProblem(400, "invalid-continuation", "The continuation token is not valid for this request.", [
    { field: "query.continuation", message: "is not a token this endpoint issued for these filters" },
  ]);

/** Unwraps a token from the query; undefined means first page. Throws 400 for anything else. */
export function decodeContinuation(scope: string, token: string | undefined): string | null {
  if (token === undefined) return null;
  if (token.length === 0 || token.length > maxContinuationLength || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw invalid();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) throw invalid();
  const { s, c, h } = parsed.data;
  if (s !== scope || h !== checksum(s, c)) throw invalid();
  return c;
}
