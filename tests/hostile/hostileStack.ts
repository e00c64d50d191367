// The whole local stack for hostile-input tests, called over real HTTP (the local host as a child process,
// never in-process). Bearer tokens are checked against a test issuer whose keys the tests hold
// (tests/api/support/tokenIssuer.ts), so they can forge expired, wrong-audience, foreign, alg-none and
// HMAC tokens next to valid ones. The app trusts `x-ms-client-principal` (its default), so only the host's
// stripping of that header stands between a forged principal and the API. `fingerprint()` reads every
// Cosmos document's id and etag, so a test can prove a refused request wrote nothing.
import { createHash } from "node:crypto";

import { demoApiApp, demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import { containerNames } from "../../shared/store/containers.js";
import { startTokenIssuer, testTenantId, type TokenIssuer } from "../api/support/tokenIssuer.js";
import { type E2eStack, startE2eStack } from "../e2e/stack.js";
import type { Json } from "../support/graphSim.js";

export const ws = `/api/workspaces/${demoWorkspace.id}`;
export const [tenantA, tenantB] = demoTenants;

/** Path traversal, query injection and other strings no id, filter or token should survive. */
export const hostileStrings = [
  "..",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "....//....//",
  "/",
  "' OR 1=1 --",
  '" OR ""="',
  "1; DROP TABLE c",
  "SELECT * FROM c",
  "c.id != null",
  '{"$ne": null}',
  "${jndi:ldap://127.0.0.1/x}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "\u0000",
  "\r\nX-Injected: 1",
  "a".repeat(2000),
  "𝕏🙂",
  " ",
];

export interface HostAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface CallOptions {
  /** A bearer token, or null for none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Sent as is (no JSON encoding). */
  rawBody?: string | Buffer;
  body?: unknown;
}

export interface HostileStack {
  stack: E2eStack;
  issuer: TokenIssuer;
  /** Valid tokens: the external client app (operator), and delegated users of each seeded role. */
  tokens: { operatorApp: string; owner: string; operator: string; readonly: string };
  call(method: string, path: string, options?: CallOptions): Promise<HostAnswer>;
  /** id + etag of every document in every container: equal fingerprints → nothing written. */
  fingerprint(): Promise<string>;
  documentCount(): Promise<number>;
  /** Waits until no run is queued or running and the documents stopped changing. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHostileStack(): Promise<HostileStack> {
  const issuer = await startTokenIssuer();
  const stack = await startE2eStack({
    API_AUTH_ISSUER: issuer.issuerTemplate,
    API_AUTH_JWKS_URL: issuer.jwksUrl,
    API_AUTH_AUDIENCE: demoApiApp.audience,
    API_TRUST_CLIENT_PRINCIPAL: "true",
  });
  const user = (oid: string): Promise<string> =>
    issuer.sign({ scp: "access_as_user", oid, azp: "dashboard" });
  const tokens = {
    operatorApp: await issuer.sign({
      azp: demoApiApp.externalClient.clientId,
      idtyp: "app",
      roles: ["Runs.Operate"],
      tid: testTenantId,
    }),
    owner: await user("user-owner"),
    operator: await user("user-operator"),
    readonly: await user("user-readonly"),
  };

  const call = async (method: string, path: string, options: CallOptions = {}): Promise<HostAnswer> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? tokens.operatorApp : options.token;
    if (token !== null && !("authorization" in headers)) headers.authorization = `Bearer ${token}`;
    let body: string | Blob | undefined =
      typeof options.rawBody === "string" || options.rawBody === undefined
        ? options.rawBody
        : new Blob([new Uint8Array(options.rawBody)]);
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(`${stack.host.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: Json = null;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  };

  const documents = async (): Promise<string[]> => {
    const all: string[] = [];
    for (const name of containerNames) {
      const { resources } = await stack.cosmos.containers[name].items
        .query<{ id: string; _etag: string }>("SELECT c.id, c._etag FROM c")
        .fetchAll();
      for (const r of resources) all.push(`${name}/${r.id}/${r._etag}`);
    }
    return all.sort();
  };
  const fingerprint = async (): Promise<string> =>
    createHash("sha256")
      .update((await documents()).join("\n"))
      .digest("hex");

  const settle = async (timeoutMs = 120_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    for (;;) {
      const { resources: active } = await stack.cosmos.containers.runs.items
        .query<string>("SELECT VALUE c.id FROM c WHERE c.status = 'queued' OR c.status = 'running'")
        .fetchAll();
      const now = await fingerprint();
      if (active.length === 0 && now === last) return;
      if (Date.now() > deadline) throw new Error(`stack did not settle: ${active.length} active runs`);
      last = now;
      await sleep(active.length === 0 ? 400 : 500);
    }
  };

  return {
    stack,
    issuer,
    tokens,
    call,
    fingerprint,
    documentCount: async () => (await documents()).length,
    settle,
    stop: async () => {
      await stack.stop();
      await issuer.stop();
    },
  };
}

/** A refusal as the API promises it: the status, problem+json with type/title/status, no stack trace. */
export function problemOf(answer: HostAnswer): {
  status: number;
  contentType: string | null;
  type: unknown;
  statusField: unknown;
  leaksStack: boolean;
} {
  return {
    status: answer.status,
    contentType: answer.headers.get("content-type"),
    type: typeof answer.body?.type === "string" && answer.body.type.startsWith("/problems/"),
    statusField: answer.body?.status,
    leaksStack: /\bat .+\.(ts|js):\d+|node_modules|Error: /.test(answer.text),
  };
}

/** The shape `problemOf` has for a refusal with `status`. */
export const refused = (status: number) => ({
  status,
  contentType: "application/problem+json",
  type: true,
  statusField: status,
  leaksStack: false,
});
