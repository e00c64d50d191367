// Starts the Graph simulator in-process on a free port for a test file, with admin and token helpers.
import { request } from "node:https";

/** Parsed JSON from a server under test (shape asserted by the test). */
export type Json = ReturnType<typeof JSON.parse>;
import {
  startGraphSim,
  type GraphSimHandle,
  type GraphSimOptions,
} from "../../local/graph-sim/startGraphSim.js";

export interface TestGraphSim extends GraphSimHandle {
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** Client-credentials token request over TLS, trusting the simulator's certificate for this call only. */
  token(
    tenantId: string,
    clientId: string,
    clientSecret: string,
    scope?: string,
  ): Promise<{ status: number; body: Json }>;
}

export async function startTestGraphSim(options: GraphSimOptions = {}): Promise<TestGraphSim> {
  const handle = await startGraphSim({ port: 0, ...options });
  const admin = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const init: RequestInit = { method, headers: { "content-type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${handle.url}/_admin/${path.replace(/^\//, "")}`, init);
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
  };
  const token = (
    tenantId: string,
    clientId: string,
    clientSecret: string,
    scope = "https://graph.microsoft.com/.default",
  ) =>
    new Promise<{ status: number; body: Json }>((resolve, reject) => {
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
        scope,
      }).toString();
      const req = request(
        `${handle.authorityHost}/${tenantId}/oauth2/v2.0/token`,
        {
          method: "POST",
          ca: handle.caCertPem,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          });
        },
      );
      req.on("error", reject);
      req.end(form);
    });
  return { ...handle, admin, token };
}
