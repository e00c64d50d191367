// An HTTPS proxy in front of the local Cosmos server that can answer document requests with a fault status
// (429 throttling, 503 unavailable) instead of forwarding them, to test retry and error mapping end to end.
import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface FaultProxy {
  endpoint: string;
  /** Status to answer for document requests, or null to forward everything. */
  fault: number | null;
  /** Requests answered with the fault so far. */
  faulted: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const pkgDir = dirname(createRequire(import.meta.url).resolve("@vercel/cosmosdb-server/package.json"));
  const targetUrl = new URL(target);
  const state = { fault: null as number | null, faulted: 0 };
  const server: Server = createServer(
    { cert: readFileSync(join(pkgDir, "cert.pem")), key: readFileSync(join(pkgDir, "key.pem")) },
    (req, res) => {
      if (state.fault !== null && /\/docs/.test(req.url ?? "")) {
        state.faulted += 1;
        req.resume();
        res.writeHead(state.fault, { "content-type": "application/json", "x-ms-retry-after-ms": "5" });
        res.end(
          JSON.stringify({
            code: state.fault === 429 ? "TooManyRequests" : "ServiceUnavailable",
            message: "fault",
          }),
        );
        return;
      }
      const upstream = request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
          rejectUnauthorized: false,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: FaultProxy = {
    endpoint: `https://127.0.0.1:${String(port)}`,
    get fault() {
      return state.fault;
    },
    set fault(value: number | null) {
      state.fault = value;
    },
    get faulted() {
      return state.faulted;
    },
    set faulted(value: number) {
      state.faulted = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
  return proxy;
}
