// Starts the Graph simulator on one port that speaks both plain HTTP (Graph, JWKS, admin) and TLS (the Entra
// authority, since MSAL refuses non-https authorities). The first byte of a connection picks the protocol.
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { demoApiApp, demoGraphApp } from "../seed/demoData.js";
import { cert } from "./adminRoutes.js";
import { demoFixtures } from "./demoSeed.js";
import { EntraTokens } from "./entraTokens.js";
import { GraphSim, type ApiClient } from "./graphSim.js";
import { createSelfSignedCert } from "./selfSignedCert.js";
import { tenantFromFixture, type SimApp } from "./simState.js";
import { intuneDefaultLimits, type ThrottleLimits } from "./throttle.js";

export interface GraphSimOptions {
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** Load the demo tenants (default true). */
  seedDemo?: boolean;
  /** Throttle limits (default: Intune's documented limits). */
  limits?: Partial<ThrottleLimits>;
  tokenLifetimeSeconds?: number;
}

export interface GraphSimHandle {
  /** Plain-HTTP origin: Graph base URL (`${url}/v1.0`, `${url}/beta`), JWKS, admin API. */
  url: string;
  /** TLS origin of the same port: the Entra authority host for @azure/identity. */
  authorityHost: string;
  /** PEM of the self-signed certificate the authority serves (trust it for this endpoint only). */
  caCertPem: string;
  /** Expected `iss` of the simulator's tokens: replace {tid}. */
  issuerTemplate: string;
  jwksUrl: string;
  sim: GraphSim;
  close(): Promise<void>;
}

/** The product's Graph app gets every role it needs in every seeded tenant. */
export const demoGraphAppRoles = [
  "DeviceManagementConfiguration.ReadWrite.All",
  "DeviceManagementApps.ReadWrite.All",
  "DeviceManagementServiceConfig.ReadWrite.All",
  "Group.Read.All",
];

export async function startGraphSim(options: GraphSimOptions = {}): Promise<GraphSimHandle> {
  const host = options.host ?? "127.0.0.1";
  const tls = createSelfSignedCert();
  cert.pem = tls.certPem;
  const defaultApps = new Map<string, SimApp>([
    [demoGraphApp.clientId, { clientSecret: demoGraphApp.clientSecret, roles: demoGraphAppRoles }],
  ]);
  const apiClients = new Map<string, ApiClient>([
    [
      demoApiApp.externalClient.clientId,
      {
        clientSecret: demoApiApp.externalClient.clientSecret,
        roles: [...demoApiApp.externalClient.roles],
        audience: demoApiApp.audience,
      },
    ],
  ]);
  const sim = new GraphSim(
    await EntraTokens.create(),
    {
      defaultApps,
      apiClients,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      limits: { ...intuneDefaultLimits, ...(options.limits ?? {}) },
    },
    (s) => {
      for (const fx of demoFixtures()) {
        const t = tenantFromFixture(fx, s.config.defaultApps);
        s.tenants.set(t.id, t);
      }
    },
  );
  sim.reset(options.seedDemo ?? true);

  const onRequest = (
    req: Parameters<GraphSim["handle"]>[0],
    res: Parameters<GraphSim["handle"]>[1],
  ): void => {
    sim.handle(req, res).catch(() => {
      res.destroy();
    });
  };
  const http = createHttpServer({ keepAlive: true }, onRequest);
  const https = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, onRequest);
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? https : http).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(options.port ?? 0, host, () => {
      resolve();
    });
  });
  const port = (front.address() as AddressInfo).port;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}`;
  const authorityHost = `https://${hostPart}:${port}`;
  sim.issuerOrigin = authorityHost;
  return {
    url,
    authorityHost,
    caCertPem: tls.certPem,
    issuerTemplate: `${authorityHost}/{tid}/v2.0`,
    jwksUrl: `${url}/common/discovery/v2.0/keys`,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close();
        https.close();
        front.close(() => {
          resolve();
        });
      }),
  };
}
