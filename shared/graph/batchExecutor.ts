// JSON batching: splits requests into $batches of 20, matches answers by id, and resends only the items that
// failed with 429/503/504 (each with its own Retry-After) until they succeed or the retry budget runs out.
import { graphErrorParts, reasonCodeForStatus } from "./graphRequestError.js";
import { parseRetryAfter, retryableStatuses, retryDelayMs, sleep } from "./retryPolicy.js";
import type { ApiVersion, GraphTransport } from "./graphTransport.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import { sanitizeMessage } from "../domain/sanitize.js";

export const maxBatchSize = 20;

export interface BatchRequest {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to the version, e.g. `/deviceManagement/deviceConfigurations/{id}/assignments`. */
  url: string;
  body?: unknown;
}

export type BatchResult =
  | { id: string; ok: true; status: number; body: unknown }
  | { id: string; ok: false; status: number | null; reasonCode: ReasonCode; message: string };

interface RawItem {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Runs every request through $batch; one result per request id, failures per item (never thrown). */
export async function executeBatch(
  transport: GraphTransport,
  version: ApiVersion,
  requests: readonly BatchRequest[],
  concurrency = 4,
): Promise<Map<string, BatchResult>> {
  const results = new Map<string, BatchResult>();
  const chunks: BatchRequest[][] = [];
  for (let i = 0; i < requests.length; i += maxBatchSize) chunks.push(requests.slice(i, i + maxBatchSize));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      for (const r of await runChunk(transport, version, chunk)) results.set(r.id, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return results;
}

async function runChunk(
  transport: GraphTransport,
  version: ApiVersion,
  chunk: BatchRequest[],
): Promise<BatchResult[]> {
  const retry = transport.options.retry;
  const started = Date.now();
  const done: BatchResult[] = [];
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt++) {
    let answer: unknown;
    try {
      answer = await transport.post(version, "/$batch", {
        requests: pending.map((r) => ({
          id: r.id,
          method: r.method,
          url: r.url,
          ...(r.body === undefined ? {} : { body: r.body, headers: { "Content-Type": "application/json" } }),
        })),
      });
    } catch (err) {
      const e = err as { reasonCode?: ReasonCode; status?: number | null; message: string };
      for (const r of pending) {
        done.push({
          id: r.id,
          ok: false,
          status: e.status ?? null,
          reasonCode: e.reasonCode ?? "unknown",
          message: sanitizeMessage(e.message),
        });
      }
      return done;
    }
    const byId = new Map<string, RawItem>();
    for (const item of (answer as { responses?: RawItem[] } | null)?.responses ?? []) {
      if (typeof item.id === "string") byId.set(item.id, item);
    }
    const again: BatchRequest[] = [];
    let wait = 0;
    for (const r of pending) {
      const item = byId.get(r.id);
      const status = typeof item?.status === "number" ? item.status : null;
      if (status !== null && status < 400) {
        done.push({ id: r.id, ok: true, status, body: item?.body });
        continue;
      }
      if (status === null || retryableStatuses.has(status)) {
        const retryAfter = parseRetryAfter(headerOf(item?.headers, "Retry-After"));
        wait = Math.max(wait, retryDelayMs(attempt, retryAfter, retry));
        again.push(r);
        continue;
      }
      done.push(failure(r.id, status, item?.body));
    }
    const outOfBudget = attempt >= retry.maxAttempts || Date.now() - started + wait > retry.totalBudgetMs;
    if (again.length > 0 && outOfBudget) {
      for (const r of again) {
        const item = byId.get(r.id);
        done.push(failure(r.id, typeof item?.status === "number" ? item.status : null, item?.body));
      }
      return done;
    }
    if (again.length > 0) {
      transport.stats.retries += again.length;
      if (again.some((r) => byId.get(r.id)?.status === 429)) transport.options.budget.pause(wait);
      await sleep(wait);
    }
    pending = again;
  }
  return done;
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | null {
  if (headers === undefined) return null;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (headers[key] ?? null);
}

function failure(id: string, status: number | null, body: unknown): BatchResult {
  const { code, message } = graphErrorParts(body);
  return {
    id,
    ok: false,
    status,
    reasonCode: reasonCodeForStatus(status, code),
    message: sanitizeMessage(
      `${status ?? "no answer"}${code === null ? "" : ` ${code}`}${message === "" ? "" : `: ${message}`}`,
    ),
  };
}
