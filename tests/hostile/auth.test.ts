// Hostile callers through the real local host over HTTP: a forged `x-ms-client-principal` sent to the host
// directly, forged or wrong bearer tokens, and a readonly user replaying an operator's request with its
// Idempotency-Key. Every one is refused with the right status as problem+json without a stack trace, and
// writes nothing (every Cosmos document's id and etag compared before and after).
import { createPublicKey, randomUUID } from "node:crypto";

import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoApiApp } from "../../local/seed/demoData.js";
import { testTenantId } from "../api/support/tokenIssuer.js";
import { type HostileStack, problemOf, refused, startHostileStack, tenantA, ws } from "./hostileStack.js";

let h: HostileStack;
const tried: Record<string, number> = {};
beforeAll(async () => {
  h = await startHostileStack();
}, 180_000);
afterAll(async () => {
  console.log(JSON.stringify({ hostile_auth: tried }));
  await h.stop();
});

const appClaims = { azp: demoApiApp.externalClient.clientId, idtyp: "app", roles: ["Runs.Operate"] };
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = (): number => Math.floor(Date.now() / 1000);

/** The mutation and the reads each forged credential is tried on. */
const targets: [string, string, unknown][] = [
  ["POST", `${ws}/tenants/${tenantA.id}/backups`, {}],
  ["GET", `${ws}/runs`, undefined],
  ["GET", "/api/me", undefined],
  ["GET", "/api/workspaces", undefined],
];

async function expectRefusedEverywhere(
  label: string,
  status: number,
  headers: Record<string, string>,
): Promise<void> {
  const before = await h.fingerprint();
  for (const [method, path, body] of targets) {
    const answer = await h.call(method, path, {
      token: null,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    expect(problemOf(answer), `${label}: ${method} ${path} → ${answer.text}`).toEqual(refused(status));
    if (status === 401) expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    tried[label] = (tried[label] ?? 0) + 1;
  }
  expect(await h.fingerprint(), `${label} wrote something`).toBe(before);
}

describe("the valid credentials work (so the refusals below are about the forgery)", () => {
  it("the operator app, and delegated users of each role, read the runs", async () => {
    for (const token of Object.values(h.tokens)) {
      expect((await h.call("GET", `${ws}/runs`, { token })).status).toBe(200);
    }
  });
});

describe("forged x-ms-client-principal sent to the host directly", () => {
  it("is stripped by the host: 401, as if no principal were sent", async () => {
    const principal = (userId: string, roles: string[]): string =>
      Buffer.from(
        JSON.stringify({ identityProvider: "aad", userId, userDetails: userId, userRoles: roles }),
      ).toString("base64");
    await expectRefusedEverywhere("forged_principal_owner", 401, {
      "x-ms-client-principal": principal("user-owner", ["anonymous", "authenticated", "admin"]),
    });
    await expectRefusedEverywhere("forged_principal_header_case", 401, {
      "X-MS-CLIENT-PRINCIPAL": principal("user-operator", ["authenticated"]),
      "x-ms-client-principal-name": "user-operator",
      "x-ms-client-principal-id": "user-operator",
    });
  });
});

describe("bearer tokens", () => {
  it("expired → 401", async () => {
    const token = await h.issuer.sign(appClaims, { expiresIn: now() - 600 });
    await expectRefusedEverywhere("token_expired", 401, { authorization: `Bearer ${token}` });
  });

  it("not yet valid (nbf an hour ahead) → 401", async () => {
    const token = await h.issuer.sign({ ...appClaims, nbf: now() + 3600 });
    await expectRefusedEverywhere("token_not_yet_valid", 401, { authorization: `Bearer ${token}` });
  });

  it("wrong audience → 401", async () => {
    const token = await h.issuer.sign({ ...appClaims, aud: "https://graph.microsoft.com" });
    await expectRefusedEverywhere("token_wrong_audience", 401, { authorization: `Bearer ${token}` });
  });

  it("wrong issuer for its tenant → 401", async () => {
    const foreignTid = randomUUID();
    const token = await h.issuer.sign({
      ...appClaims,
      tid: testTenantId,
      iss: h.issuer.issuerFor(foreignTid),
    });
    await expectRefusedEverywhere("token_wrong_issuer", 401, { authorization: `Bearer ${token}` });
  });

  // A correctly signed token whose issuer matches its own tenant, but a tenant the API does not serve
  // (API_AUTH_ALLOWED_TENANTS): the `{tid}` issuer template alone would accept it.
  it("foreign tenant (valid signature and issuer, tenant not allowed) → 401", async () => {
    const foreignTid = randomUUID();
    const token = await h.issuer.sign({
      ...appClaims,
      tid: foreignTid,
      iss: h.issuer.issuerFor(foreignTid),
    });
    await expectRefusedEverywhere("token_foreign_tenant", 401, { authorization: `Bearer ${token}` });
  });

  it("signed by a key the API does not trust → 401", async () => {
    const token = await h.issuer.sign(appClaims, { key: "stranger" });
    await expectRefusedEverywhere("token_untrusted_key", 401, { authorization: `Bearer ${token}` });
  });

  it("alg none (unsigned) → 401", async () => {
    const header = b64url({ alg: "none", typ: "JWT" });
    const payload = b64url({
      ...appClaims,
      tid: testTenantId,
      iss: h.issuer.issuerFor(testTenantId),
      aud: demoApiApp.audience,
      iat: now(),
      exp: now() + 600,
    });
    await expectRefusedEverywhere("token_alg_none", 401, { authorization: `Bearer ${header}.${payload}.` });
    await expectRefusedEverywhere("token_alg_none_no_dot", 401, {
      authorization: `Bearer ${header}.${payload}`,
    });
  });

  it("HS256 signed with the issuer's public key as the HMAC secret → 401", async () => {
    const jwks = (await (await fetch(h.issuer.jwksUrl)).json()) as { keys: Record<string, string>[] };
    const jwk = jwks.keys[0];
    if (jwk === undefined) throw new Error("no key in the JWKS");
    const pem = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" });
    for (const secret of [String(pem), JSON.stringify(jwk), jwk.n ?? ""]) {
      const token = await new SignJWT({ ...appClaims, tid: testTenantId })
        .setProtectedHeader({ alg: "HS256", kid: "test-key" })
        .setIssuer(h.issuer.issuerFor(testTenantId))
        .setAudience(demoApiApp.audience)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(new TextEncoder().encode(secret));
      await expectRefusedEverywhere("token_hs256_public_key", 401, { authorization: `Bearer ${token}` });
    }
  });

  it("garbled and oversized tokens, other schemes → 401", async () => {
    const valid = h.tokens.operatorApp;
    const [head, payload] = valid.split(".");
    const tampered = `${head}.${b64url({ ...appClaims, roles: ["Workspace.Manage"], tid: testTenantId })}.${valid.split(".")[2]}`;
    for (const authorization of [
      "Bearer",
      "Bearer ",
      "Bearer a.b.c",
      `Bearer ${head}.${payload}`,
      `Bearer ${tampered}`,
      `Bearer ${valid}x`,
      `Bearer ${"a".repeat(15_000)}.b.c`,
      `Basic ${Buffer.from("admin:admin").toString("base64")}`,
      `Bearer ${valid} ${valid}`,
      "Bearer ' OR 1=1 --",
    ]) {
      await expectRefusedEverywhere("token_garbled", 401, { authorization });
    }
  });
});

describe("a readonly user replaying an operator's request", () => {
  it("same body and Idempotency-Key → 403 problem+json, nothing written; the operator's replay still answers", async () => {
    const key = `replay-${randomUUID()}`;
    const body = { policyTypes: ["deviceConfigurations"] };
    const path = `${ws}/tenants/${tenantA.id}/backups`;
    const headers = { "idempotency-key": key };
    const first = await h.call("POST", path, { token: h.tokens.operator, headers, body });
    expect(first.status, first.text).toBe(202);
    await h.settle();

    const before = await h.fingerprint();
    const replay = await h.call("POST", path, { token: h.tokens.readonly, headers, body });
    expect(problemOf(replay), replay.text).toEqual(refused(403));
    expect(replay.text).not.toContain(String(first.body.run.id));
    // The same replay on the operator's run: cancel and retry are operator capabilities too.
    for (const action of ["cancel", "retry"]) {
      const other = await h.call("POST", `${ws}/runs/${String(first.body.run.id)}/${action}`, {
        token: h.tokens.readonly,
        headers,
        body: {},
      });
      expect(problemOf(other), other.text).toEqual(refused(403));
    }
    expect(await h.fingerprint()).toBe(before);
    tried.readonly_replay = 3;

    // The operator's own replay is answered from the idempotency record: the same run, nothing new.
    const again = await h.call("POST", path, { token: h.tokens.operator, headers, body });
    expect(again.status).toBe(202);
    expect(again.body.run.id).toBe(first.body.run.id);
  });
});
