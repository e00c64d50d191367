// Serves the SWA front door (dashboard + auth emulation) in front of the STAND-IN API on one origin, the
// way the local Functions host will once its front-door hook and the real API land.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createSwaFrontDoor } from "../../../local/swa/createSwaFrontDoor.js";
import { createFixtureApi, type FixtureApi, type FixtureApiOptions } from "./fixtureApi.js";

export interface StandInServer {
  url: string;
  api: FixtureApi;
  close(): Promise<void>;
}

export async function startStandInServer(
  options: { webRoot: string; port?: number; host?: string } & FixtureApiOptions,
): Promise<StandInServer> {
  const frontDoor = createSwaFrontDoor({ webRoot: options.webRoot });
  const api = createFixtureApi(options);
  const server: Server = createServer((req, res) => {
    // What the host hook does: a client never gets to choose its principal.
    delete req.headers["x-ms-client-principal"];
    frontDoor(req, res)
      .then((handled) => (handled ? undefined : api.handle(req, res)))
      .catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    close: async () => {
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
