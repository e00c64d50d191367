// Starts the local Cosmos DB server (@vercel/cosmosdb-server: the real REST protocol, in memory) on a free
// loopback port. It answers with keep-alive (its default closes every connection, ~5x slower bulk writes)
// and, with TLS, its bundled self-signed certificate, which clients accept only for this local endpoint.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

import { createHttpServer, createHttpsServer } from "@vercel/cosmosdb-server";

export interface CosmosServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** HTTPS with the bundled certificate (default), or plain HTTP. */
  tls?: boolean;
}

export interface CosmosServerHandle {
  /** e.g. `https://127.0.0.1:49731` */
  endpoint: string;
  close(): Promise<void>;
}

/** The well-known public emulator key; the local server accepts any key. */
export const LOCAL_COSMOS_KEY =
  "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

export async function startCosmosServer(options: CosmosServerOptions = {}): Promise<CosmosServerHandle> {
  const host = options.host ?? "127.0.0.1";
  const tls = options.tls ?? true;
  const server: Server = tls ? createHttpsServer({ keepAlive: true }) : createHttpServer({ keepAlive: true });
  // Idle keep-alive sockets must not hold a process open after close().
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return {
    endpoint: `${tls ? "https" : "http"}://${hostInUrl}:${String(port)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
