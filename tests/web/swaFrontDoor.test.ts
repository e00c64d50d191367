// The SWA front door over real HTTP: dev login, /.auth/me, logout, principal injection into /api (and
// stripping of a client-supplied principal), static files, navigation fallback and route roles.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { decodeClientPrincipal } from "../../local/swa/clientPrincipal.js";
import { createSwaFrontDoor, safeRedirectPath } from "../../local/swa/createSwaFrontDoor.js";

let server: Server;
let base: string;
let webRoot: string;
const seenByApi: (string | undefined)[] = [];

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), "swa-web-"));
  mkdirSync(join(webRoot, "assets"));
  writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>shell</title>");
  writeFileSync(join(webRoot, "assets", "app-1234.js"), "console.log(1)");
  writeFileSync(join(webRoot, "secret.txt"), "inside root");
  writeFileSync(join(tmpdir(), "outside-swa.txt"), "outside root");
  writeFileSync(
    join(webRoot, "staticwebapp.config.json"),
    JSON.stringify({
      routes: [
        { route: "/w/*", allowedRoles: ["authenticated"] },
        { route: "/admin/*", allowedRoles: ["administrator"] },
        { route: "/.auth/login/github", statusCode: 404 },
        { route: "/assets/*", headers: { "Cache-Control": "public, max-age=31536000, immutable" } },
      ],
      navigationFallback: { rewrite: "/index.html", exclude: ["/assets/*", "*.{js,css,txt}"] },
      responseOverrides: {
        "401": { redirect: "/.auth/login/aad?post_login_redirect_uri=.referrer", statusCode: 302 },
      },
      globalHeaders: { "X-Content-Type-Options": "nosniff" },
    }),
  );
  const frontDoor = createSwaFrontDoor({ webRoot });
  server = createServer((req, res) => {
    void frontDoor(req, res).then((handled) => {
      if (handled) return;
      const header = req.headers["x-ms-client-principal"];
      seenByApi.push(Array.isArray(header) ? header[0] : header);
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ passedOn: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  rmSync(webRoot, { recursive: true, force: true });
});

async function login(form: Record<string, string>): Promise<{ cookie: string; location: string | null }> {
  const res = await fetch(`${base}/.auth/login/aad`, {
    method: "POST",
    body: new URLSearchParams(form),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/^StaticWebAppsAuthCookie=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  return { cookie: setCookie.split(";")[0] ?? "", location: res.headers.get("location") };
}

describe("SWA auth emulation", () => {
  it("offers every seeded user on the dev login page", async () => {
    const res = await fetch(`${base}/.auth/login/aad?post_login_redirect_uri=/w/ws-demo/runs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ["user-owner", "user-operator", "user-readonly", "user-outsider"])
      expect(html).toContain(id);
    expect(html).toContain('value="/w/ws-demo/runs"');
  });

  it("signs in a picked user, answers /.auth/me and injects the principal into /api", async () => {
    const { cookie, location } = await login({
      pick: "user-operator",
      post_login_redirect_uri: "/w/ws-demo/runs",
    });
    expect(location).toBe("/w/ws-demo/runs");
    const me = (await (await fetch(`${base}/.auth/me`, { headers: { cookie } })).json()) as {
      clientPrincipal: { userId: string; userDetails: string; identityProvider: string; userRoles: string[] };
    };
    expect(me.clientPrincipal).toEqual({
      identityProvider: "aad",
      userId: "user-operator",
      userDetails: "Oscar Operator",
      userRoles: ["anonymous", "authenticated"],
    });
    const api = await fetch(`${base}/api/me`, { headers: { cookie } });
    expect(await api.json()).toEqual({ passedOn: "/api/me" });
    expect(decodeClientPrincipal(seenByApi.at(-1))?.userId).toBe("user-operator");
  });

  it("replaces a client-supplied principal and passes none without a login", async () => {
    const forged = Buffer.from(
      JSON.stringify({
        identityProvider: "aad",
        userId: "user-owner",
        userDetails: "x",
        userRoles: ["authenticated"],
      }),
    ).toString("base64");
    await fetch(`${base}/api/runs`, { headers: { "x-ms-client-principal": forged } });
    expect(seenByApi.at(-1)).toBeUndefined();
    const { cookie } = await login({ pick: "user-readonly" });
    await fetch(`${base}/api/runs`, { headers: { cookie, "x-ms-client-principal": forged } });
    expect(decodeClientPrincipal(seenByApi.at(-1))?.userId).toBe("user-readonly");
  });

  it("passes the host's Durable webhooks on untouched (a POST there is not a static file's 405)", async () => {
    const { cookie } = await login({ pick: "user-operator" });
    const path = "/runtime/webhooks/durabletask/orchestrators/backupSetCreateOrchestrator/run-1";
    const res = await fetch(`${base}${path}`, { method: "POST", headers: { cookie }, body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ passedOn: path });
    expect(seenByApi.at(-1)).toBeUndefined();
  });

  it("ignores a tampered cookie", async () => {
    const { cookie } = await login({ pick: "user-readonly" });
    const [name, value] = cookie.split("=");
    const [body, sig] = decodeURIComponent(value ?? "").split(".");
    const json = JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8"));
    json.userId = "user-owner";
    const forgedBody = Buffer.from(JSON.stringify(json)).toString("base64url");
    const me = await (
      await fetch(`${base}/.auth/me`, { headers: { cookie: `${name}=${forgedBody}.${sig}` } })
    ).json();
    expect(me).toEqual({ clientPrincipal: null });
  });

  it("signs in a typed user with custom roles and rejects bad ids", async () => {
    const { cookie } = await login({
      pick: "",
      userId: "someone-new",
      userDetails: "New Person",
      roles: "auditor, bad role",
    });
    const me = await (await fetch(`${base}/.auth/me`, { headers: { cookie } })).json();
    expect(me.clientPrincipal.userRoles).toEqual(["anonymous", "authenticated", "auditor"]);
    const bad = await fetch(`${base}/.auth/login/aad`, {
      method: "POST",
      body: new URLSearchParams({ userId: "<script>" }),
    });
    expect(bad.status).toBe(400);
  });

  it("redirects only to same-origin paths", async () => {
    const { location } = await login({
      pick: "user-owner",
      post_login_redirect_uri: "https://evil.example/x",
    });
    expect(location).toBe("/");
    expect(safeRedirectPath("//evil.example")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath("/w/ws-demo/runs?type=x")).toBe("/w/ws-demo/runs?type=x");
  });

  it("logs out by clearing the cookie", async () => {
    const res = await fetch(`${base}/.auth/logout?post_logout_redirect_uri=/`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^StaticWebAppsAuthCookie=; .*Max-Age=0/);
  });

  it("answers 404 for a provider the config disables", async () => {
    expect((await fetch(`${base}/.auth/login/github`)).status).toBe(404);
  });
});

describe("static files and route roles", () => {
  it("serves files, falls back to the shell for navigations, 404s excluded paths", async () => {
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    const nav = await fetch(`${base}/tenants/deep/link`);
    expect(nav.status).toBe(200);
    expect(await nav.text()).toContain("<title>shell</title>");
    expect(nav.headers.get("cache-control")).toBe("no-cache");
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it("never serves files outside the web root", async () => {
    for (const path of [
      "/..%2Foutside-swa.txt",
      "/%2e%2e/outside-swa.txt",
      "/assets/..%2F..%2Foutside-swa.txt",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).not.toContain("outside root");
    }
  });

  it("redirects anonymous users of a protected route to login with the referrer", async () => {
    const res = await fetch(`${base}/w/ws-demo/runs?status=running`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent("/w/ws-demo/runs?status=running")}`,
    );
    const { cookie } = await login({ pick: "user-readonly" });
    const ok = await fetch(`${base}/w/ws-demo/runs`, { headers: { cookie } });
    expect(ok.status).toBe(200);
    const forbidden = await fetch(`${base}/admin/x`, { headers: { cookie } });
    expect(forbidden.status).toBe(403);
  });
});
