// The real endpoints over HTTP through the local Functions host: the built app (dist/functions/*.js)
// on Azurite and the local Cosmos server, with bearer tokens from a test issuer's JWKS.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  LOCAL_COSMOS_KEY,
  startCosmosServer,
  type CosmosServerHandle,
} from "../../local/cosmos/startCosmosServer.js";
import { type CosmosStore, createCosmosStore } from "../../shared/store/cosmosStore.js";
import { startTestAzurite, type TestAzurite } from "../support/azurite.js";
import { startTestHost, type TestHost } from "../support/host.js";
import { startTokenIssuer, testAudience, type TokenIssuer } from "./support/tokenIssuer.js";

const root = path.resolve(import.meta.dirname, "../..");
const appClientId = "33333333-3333-4333-8333-333333333333";

let cosmos: CosmosServerHandle;
let azurite: TestAzurite;
let issuer: TokenIssuer;
let store: CosmosStore;
let host: TestHost;
let token: string;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|js)$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds the app unless `npm test` already did (dist newer than every source it compiles). */
function ensureAppBuilt(): void {
  const dist = path.join(root, "dist");
  const built = existsSync(path.join(dist, "functions")) ? newestMtime(dist) : 0;
  const sources = Math.max(
    ...["functions", "orchestrations", "shared", "local"].map((d) => newestMtime(path.join(root, d))),
  );
  if (built >= sources) return;
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}

beforeAll(async () => {
  ensureAppBuilt();
  [cosmos, azurite, issuer] = await Promise.all([
    startCosmosServer(),
    startTestAzurite(),
    startTokenIssuer(),
  ]);
  const cosmosSettings = {
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: LOCAL_COSMOS_KEY,
    COSMOS_DATABASE: "api-host",
    COSMOS_ALLOW_INSECURE_TLS: true,
    COSMOS_ENSURE_CONTAINERS: true,
  };
  store = await createCosmosStore(cosmosSettings);
  await store.directory.ensureWorkspace({
    id: "ws-h",
    docType: "workspace",
    workspaceId: "ws-h",
    name: "Host MSP",
    createdAt: new Date().toISOString(),
  });
  await store.directory.ensureMembership({
    docType: "membership",
    workspaceId: "ws-h",
    userId: appClientId,
    role: "operator",
    displayName: "External system",
    createdAt: new Date().toISOString(),
  });
  token = await issuer.sign({ azp: appClientId, idtyp: "app", roles: ["Runs.Operate"] });
  host = await startTestHost({
    appDir: root,
    env: {
      ...Object.fromEntries(Object.entries(cosmosSettings).map(([k, v]) => [k, String(v)])),
      AzureWebJobsStorage: azurite.connectionString,
      API_AUTH_ISSUER: issuer.issuerTemplate,
      API_AUTH_JWKS_URL: issuer.jwksUrl,
      API_AUTH_AUDIENCE: testAudience,
      GRAPH_BASE_URL: "http://127.0.0.1:9",
    },
  });
}, 240_000);

afterAll(async () => {
  // Each may be missing when beforeAll failed half-way.
  (store as CosmosStore | undefined)?.dispose();
  await Promise.all([
    (host as TestHost | undefined)?.stop(),
    (cosmos as CosmosServerHandle | undefined)?.close(),
    (azurite as TestAzurite | undefined)?.stop(),
    (issuer as TokenIssuer | undefined)?.stop(),
  ]);
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${host.url}${p}`, { headers });

describe("API through the local Functions host", () => {
  it("serves the OpenAPI document and health (anonymous)", async () => {
    const doc = await get("/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
    const health = await get("/api/health");
    const body = (await health.json()) as { checks: { name: string; ok: boolean }[] };
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ["cosmos", true],
      ["storage", true],
      ["graph", false],
    ]);
    expect(health.status).toBe(503);
  });

  it("lets an external app with a bearer token list runs, and refuses strangers", async () => {
    const runs = await get("/api/workspaces/ws-h/runs?limit=10", { authorization: `Bearer ${token}` });
    expect(runs.status).toBe(200);
    expect(await runs.json()).toEqual({ items: [], continuation: null });
    const anonymous = await get("/api/workspaces/ws-h/runs");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    const foreign = await get("/api/workspaces/ws-other/runs", { authorization: `Bearer ${token}` });
    expect(foreign.status).toBe(404);
  });

  it("answers bad input with problem+json naming the field, and 403 for a missing capability", async () => {
    const bad = await get("/api/workspaces/ws-h/runs?limit=1000", { authorization: `Bearer ${token}` });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: "query.limit" }] });
    const onboard = await fetch(`${host.url}/api/workspaces/ws-h/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        externalId: crypto.randomUUID(),
        displayName: "X",
        credentialRef: "keyvault:x",
      }),
    });
    expect(onboard.status).toBe(403);
  });
});
