// Bearer tokens from external systems: jose against a JWKS served on a local port.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { Authenticator } from "../../shared/auth/authenticator.js";
import { BearerTokenVerifier } from "../../shared/auth/bearerTokenVerifier.js";
import { loadSettings } from "../../shared/config/settings.js";
import { HttpProblem } from "../../shared/http/httpProblem.js";
import { clientPrincipalHeader } from "./support/apiWorld.js";
import { startTokenIssuer, testAudience, testTenantId, type TokenIssuer } from "./support/tokenIssuer.js";

let issuer: TokenIssuer;
let verifier: BearerTokenVerifier;
const foreignTenantId = "0b9e3f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const appClaims = { azp: "22222222-2222-4222-8222-222222222222", idtyp: "app", roles: ["Runs.Operate"] };

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpProblem) return error.status;
    throw error;
  }
}

beforeAll(async () => {
  issuer = await startTokenIssuer();
  verifier = new BearerTokenVerifier({
    issuer: issuer.issuerTemplate,
    jwksUrl: issuer.jwksUrl,
    audience: testAudience,
    allowedTenants: [testTenantId],
  });
});
afterAll(async () => {
  await issuer.stop();
});

describe("BearerTokenVerifier", () => {
  it("accepts an app token and maps its app role to a role ceiling", async () => {
    const principal = await verifier.verify(await issuer.sign(appClaims));
    expect(principal).toEqual({
      kind: "app",
      id: "22222222-2222-4222-8222-222222222222",
      source: "bearer",
      appRoleCeiling: "operator",
    });
  });

  it("takes the highest of several app roles, and none for unknown roles", async () => {
    const both = await verifier.verify(
      await issuer.sign({ ...appClaims, roles: ["Workspace.Read", "Workspace.Manage"] }),
    );
    expect(both.appRoleCeiling).toBe("owner");
    const unknown = await verifier.verify(await issuer.sign({ ...appClaims, roles: ["Something.Else"] }));
    expect(unknown.appRoleCeiling).toBeNull();
  });

  it("maps a delegated token (scp) to the user's object id", async () => {
    const principal = await verifier.verify(
      await issuer.sign({ scp: "access_as_user", oid: "oid-123", azp: "x" }),
    );
    expect(principal).toMatchObject({ kind: "user", id: "oid-123", appRoleCeiling: null });
  });

  it.each([
    ["wrong audience", () => issuer.sign({ ...appClaims, aud: "api://other" })],
    ["wrong issuer", () => issuer.sign({ ...appClaims, iss: "https://evil.example/v2.0" })],
    [
      "issuer of another tenant",
      () => issuer.sign({ ...appClaims, iss: issuer.issuerFor("00000000-0000-4000-8000-000000000000") }),
    ],
    ["expired", () => issuer.sign(appClaims, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
    ["signed by an unknown key", () => issuer.sign(appClaims, { key: "stranger" })],
    ["without a tenant id", () => issuer.sign({ ...appClaims, tid: "not-a-guid" })],
  ])("refuses a token with %s (401)", async (_label, make) => {
    expect(await statusOf(verifier.verify(await make()))).toBe(401);
  });

  it("refuses a correctly signed token of a tenant that is not allowed (401)", async () => {
    // Signed by the trusted key, issuer and audience right for its own tenant: only the tenant is wrong.
    const foreign = await issuer.sign({
      ...appClaims,
      tid: foreignTenantId,
      iss: issuer.issuerFor(foreignTenantId),
    });
    expect(await statusOf(verifier.verify(foreign))).toBe(401);
    const allowingBoth = new BearerTokenVerifier({
      issuer: issuer.issuerTemplate,
      jwksUrl: issuer.jwksUrl,
      audience: testAudience,
      allowedTenants: [testTenantId, foreignTenantId.toUpperCase()],
    });
    expect((await allowingBoth.verify(foreign)).kind).toBe("app");
  });

  it("refuses every bearer token when no tenant is allowed (fail closed)", async () => {
    const closed = new BearerTokenVerifier({
      issuer: issuer.issuerTemplate,
      jwksUrl: issuer.jwksUrl,
      audience: testAudience,
    });
    expect(await statusOf(closed.verify(await issuer.sign(appClaims)))).toBe(401);
  });

  it("reads API_AUTH_ALLOWED_TENANTS as a validated list of tenant ids", () => {
    const base = {
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      COSMOS_ENDPOINT: "https://127.0.0.1:8081",
      GRAPH_CLIENT_ID: "11111111-1111-4111-8111-111111111111",
      GRAPH_CLIENT_SECRET: "x",
      API_AUTH_ISSUER: issuer.issuerTemplate,
      API_AUTH_JWKS_URL: issuer.jwksUrl,
      API_AUTH_AUDIENCE: testAudience,
    };
    const list = loadSettings({
      ...base,
      API_AUTH_ALLOWED_TENANTS: ` ${testTenantId.toUpperCase()}, ${foreignTenantId} `,
    });
    expect(list.API_AUTH_ALLOWED_TENANTS).toEqual([testTenantId, foreignTenantId]);
    expect(loadSettings(base).API_AUTH_ALLOWED_TENANTS).toBeUndefined();
    expect(() => loadSettings({ ...base, API_AUTH_ALLOWED_TENANTS: "contoso.onmicrosoft.com" })).toThrow(
      /API_AUTH_ALLOWED_TENANTS/,
    );
    expect(() => loadSettings({ ...base, API_AUTH_ALLOWED_TENANTS: " , " })).toThrow(
      /API_AUTH_ALLOWED_TENANTS/,
    );
  });

  it("remembers a verified token until its exp, never a refused one", async () => {
    const fresh = new BearerTokenVerifier({
      issuer: issuer.issuerTemplate,
      jwksUrl: issuer.jwksUrl,
      audience: testAudience,
      allowedTenants: [testTenantId],
    });
    const token = await issuer.sign(appClaims, { expiresIn: "2m" });
    const first = await fresh.verify(token);
    expect(await fresh.verify(token)).toBe(first);
    const stranger = await issuer.sign(appClaims, { key: "stranger" });
    expect(await statusOf(fresh.verify(stranger))).toBe(401);
    expect(await statusOf(fresh.verify(stranger))).toBe(401);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3.5 * 60_000 });
    try {
      // Past exp and past jose's 60 s clock tolerance, well within the cache's max age.
      expect(await statusOf(fresh.verify(token))).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses alg none and HMAC tokens (401)", async () => {
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const payload = {
      ...appClaims,
      tid: testTenantId,
      aud: testAudience,
      iss: issuer.issuerFor(testTenantId),
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const none = `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.`;
    expect(await statusOf(verifier.verify(none))).toBe(401);
    const hs = `${encode({ alg: "HS256", typ: "JWT", kid: "test-key" })}.${encode(payload)}.c2lnbmF0dXJl`;
    expect(await statusOf(verifier.verify(hs))).toBe(401);
    expect(await statusOf(verifier.verify("garbage"))).toBe(401);
  });
});

describe("Authenticator", () => {
  it("prefers the bearer token and rejects a malformed Authorization header", async () => {
    const auth = new Authenticator(verifier, true);
    const token = await issuer.sign(appClaims);
    const principal = await auth.authenticate({
      authorization: `Bearer ${token}`,
      "x-ms-client-principal": clientPrincipalHeader("user-owner"),
    });
    expect(principal?.kind).toBe("app");
    expect(await statusOf(auth.authenticate({ authorization: "Basic abc" }))).toBe(401);
  });

  it("trusts x-ms-client-principal only when configured to", async () => {
    const header = { "x-ms-client-principal": clientPrincipalHeader("user-owner") };
    expect(await new Authenticator(verifier, true).authenticate(header)).toEqual({
      kind: "user",
      id: "user-owner",
      source: "client-principal",
      appRoleCeiling: null,
    });
    expect(await new Authenticator(verifier, false).authenticate(header)).toBeNull();
  });

  it("rejects a client principal that is not signed in or not base64 JSON (401)", async () => {
    const auth = new Authenticator(verifier, true);
    const anonymous = { "x-ms-client-principal": clientPrincipalHeader("u", ["anonymous"]) };
    expect(await statusOf(auth.authenticate(anonymous))).toBe(401);
    expect(await statusOf(auth.authenticate({ "x-ms-client-principal": "%%%not-base64" }))).toBe(401);
  });
});
