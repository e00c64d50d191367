// A local Application Insights ingestion endpoint: HTTPS (the SDK upgrades any IngestionEndpoint to https),
// POST /v2/track or /v2.1/track, gzip or plain, JSON array or newline-delimited envelopes.
import { once } from "node:events";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

import { createSelfSignedCertificate } from "./selfSignedCertificate.js";

export interface Envelope {
  name: string;
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

export const COLLECTOR_IKEY = "00000000-0000-4000-8000-000000000000";

export class IngestionCollector {
  readonly envelopes: Envelope[] = [];
  /** Every decoded request body, verbatim: the leak checks search these. */
  readonly bodies: string[] = [];
  readonly paths: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly ca: string,
    readonly port: number,
  ) {}

  static async start(): Promise<IngestionCollector> {
    const { cert, key } = createSelfSignedCertificate();
    const server = createServer({ cert, key });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const collector = new IngestionCollector(server, cert, (server.address() as AddressInfo).port);
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        if (req.method !== "POST" || (path !== "/v2/track" && path !== "/v2.1/track")) {
          res.writeHead(404).end();
          return;
        }
        const raw = Buffer.concat(chunks);
        const body = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        const trimmed = body.trim();
        const items = (
          trimmed.startsWith("[")
            ? (JSON.parse(trimmed) as Envelope[])
            : trimmed.split("\n").map((line) => JSON.parse(line) as Envelope)
        ).filter((e) => e.iKey === COLLECTOR_IKEY);
        collector.paths.push(path);
        collector.bodies.push(body);
        collector.envelopes.push(...items);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    return collector;
  }

  /** A connection string whose IngestionEndpoint is this collector. */
  get connectionString(): string {
    return `InstrumentationKey=${COLLECTOR_IKEY};IngestionEndpoint=https://127.0.0.1:${this.port}/`;
  }

  ofType(baseType: string): Record<string, unknown>[] {
    return this.envelopes.filter((e) => e.data.baseType === baseType).map((e) => e.data.baseData);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }
}
