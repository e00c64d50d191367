// An HTTPS proxy in front of the local Cosmos server for chaos tests: while a fault window is open it answers
// a share of document requests with 429 (with `x-ms-retry-after-ms`) or 503 instead of forwarding them, and
// can plant text (secret canaries) in the error message it answers with. Deterministic sequence per window.
import { readFileSync } from "node:fs";
import { Agent, createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface CosmosFaultWindow {
  /** 429 (throttled) or 503 (unavailable). */
  status: 429 | 503;
  /** Share of matching document requests answered with the fault, 0..1. */
  rate: number;
  /** Stop after this many faults (omit for no limit). */
  maxHits?: number;
  /** `x-ms-retry-after-ms` on a 429 (the SDK waits this long before its retry). */
  retryAfterMs?: number;
  /** Text added to the error message (for leak tests). */
  plantedText?: string;
}

export interface CosmosChaosProxy {
  endpoint: string;
  /** Opens a fault window (replacing any open one); `close()` on the result or `clear()` ends it. */
  open(window: CosmosFaultWindow): void;
  clear(): void;
  /** Faults answered so far, by status. */
  readonly faulted: Readonly<Record<string, number>>;
  /** Requests forwarded to the server. */
  readonly forwarded: number;
  close(): Promise<void>;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export async function startCosmosChaosProxy(target: string): Promise<CosmosChaosProxy> {
  const pkgDir = dirname(createRequire(import.meta.url).resolve("@vercel/cosmosdb-server/package.json"));
  const targetUrl = new URL(target);
  const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });
  let window: (CosmosFaultWindow & { hits: number; next: () => number }) | null = null;
  let windows = 0;
  const faulted: Record<string, number> = {};
  let forwarded = 0;
  const server: Server = createServer(
    {
      cert: readFileSync(join(pkgDir, "cert.pem")),
      key: readFileSync(join(pkgDir, "key.pem")),
      keepAlive: true,
    },
    (req, res) => {
      const w = window;
      if (
        w !== null &&
        /\/docs/.test(req.url ?? "") &&
        (w.maxHits === undefined || w.hits < w.maxHits) &&
        w.next() < w.rate
      ) {
        w.hits += 1;
        faulted[String(w.status)] = (faulted[String(w.status)] ?? 0) + 1;
        req.resume();
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (w.status === 429) headers["x-ms-retry-after-ms"] = String(w.retryAfterMs ?? 50);
        res.writeHead(w.status, headers);
        const message = `${w.status === 429 ? "Request rate is large." : "Service is currently unavailable."}${
          w.plantedText === undefined ? "" : ` ${w.plantedText}`
        }`;
        res.end(
          JSON.stringify({ code: w.status === 429 ? "TooManyRequests" : "ServiceUnavailable", message }),
        );
        return;
      }
      forwarded += 1;
      const upstream = request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
          agent: upstreamAgent,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${String(port)}`,
    open: (w) => {
      windows += 1;
      window = { ...w, hits: 0, next: lcg(windows * 7919) };
    },
    clear: () => {
      window = null;
    },
    get faulted() {
      return faulted;
    },
    get forwarded() {
      return forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          upstreamAgent.destroy();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
