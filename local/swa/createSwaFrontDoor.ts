// The local Static Web Apps front door: SWA auth emulation (/.auth/login, /.auth/me, /.auth/logout),
// principal injection into /api requests, route roles from staticwebapp.config.json, and the built
// dashboard with navigation fallback. The local Functions host calls it before its own routing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";

import { demoOutsider, demoUsers } from "../seed/demoData.js";
import { AuthCookieCodec, authCookieName, readCookie } from "./authCookie.js";
import { encodeClientPrincipal, withBuiltInRoles, type ClientPrincipal } from "./clientPrincipal.js";
import { renderLoginPage, type DevLoginUser } from "./loginPage.js";
import { resolveStaticFile, sendFile } from "./staticFiles.js";
import { findRoute, SwaConfigFile, usesNavigationFallback, type SwaConfig } from "./swaConfig.js";

export const clientPrincipalHeader = "x-ms-client-principal";

export interface SwaFrontDoorOptions {
  /** The built dashboard (web/dist). */
  webRoot: string;
  /** Users offered on the dev login page; defaults to the seeded demo users and the outsider. */
  users?: readonly DevLoginUser[];
  /** Cookie signing key; a random one per process by default (a restart signs everybody out). */
  cookieKey?: Buffer;
  /** Add `Secure` to the auth cookie (when served over https). */
  secureCookie?: boolean;
  /** Path prefix passed on to the API. */
  apiPrefix?: string;
}

/** Paths of the Functions host itself (`/runtime/webhooks/durabletask/...`). */
export const hostRuntimePrefix = "/runtime/";

export type SwaFrontDoor = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export const demoLoginUsers: readonly DevLoginUser[] = [
  ...demoUsers.map((u) => ({
    userId: u.userId,
    userDetails: u.displayName,
    hint: `${u.role} of the demo workspace`,
  })),
  { userId: demoOutsider.userId, userDetails: demoOutsider.displayName, hint: "no membership" },
];

const providerPattern = /^[a-z0-9-]{1,30}$/;
const maxFormBytes = 16 * 1024;

/** Only same-origin paths; anything else (absolute URLs, `//host`, backslashes) becomes "/". */
export function safeRedirectPath(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  return value;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxFormBytes) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Cache-Control", "no-store");
  res.end(body);
}

function redirect(res: ServerResponse, location: string, status = 302): void {
  res.statusCode = status;
  res.setHeader("Location", location);
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

export function createSwaFrontDoor(options: SwaFrontDoorOptions): SwaFrontDoor {
  const users = options.users ?? demoLoginUsers;
  const codec = new AuthCookieCodec(options.cookieKey);
  const configFile = new SwaConfigFile(options.webRoot);
  const apiPrefix = options.apiPrefix ?? "/api";
  const cookieFlags = `Path=/; HttpOnly; SameSite=Lax${options.secureCookie === true ? "; Secure" : ""}`;

  const principalOf = (req: IncomingMessage): ClientPrincipal | undefined =>
    codec.decode(readCookie(req.headers.cookie, authCookieName));

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === "/.auth/me") {
      const principal = principalOf(req);
      const body = principal ? { ...principal, userRoles: withBuiltInRoles(principal.userRoles) } : null;
      sendText(res, 200, JSON.stringify({ clientPrincipal: body }), "application/json");
      return;
    }
    if (path === "/.auth/logout") {
      res.setHeader("Set-Cookie", `${authCookieName}=; ${cookieFlags}; Max-Age=0`);
      redirect(res, safeRedirectPath(url.searchParams.get("post_logout_redirect_uri")));
      return;
    }
    const login = /^\/\.auth\/login\/([^/]+)\/?$/.exec(path);
    const provider = login?.[1];
    if (provider === undefined || !providerPattern.test(provider)) {
      sendText(res, 404, "Not found");
      return;
    }
    if (req.method === "GET" || req.method === "HEAD") {
      const target = safeRedirectPath(url.searchParams.get("post_login_redirect_uri"));
      sendText(res, 200, renderLoginPage(provider, users, target), "text/html; charset=utf-8");
      return;
    }
    if (req.method !== "POST") {
      sendText(res, 405, "Method not allowed");
      return;
    }
    const form = await readForm(req);
    if (form === undefined) {
      sendText(res, 413, "Form too large");
      return;
    }
    const picked = users.find((u) => u.userId === form.get("pick"));
    const userId = (picked?.userId ?? form.get("userId") ?? "").trim();
    const userDetails = (picked?.userDetails ?? form.get("userDetails") ?? "").trim() || userId;
    const extraRoles = picked
      ? [...(picked.roles ?? [])]
      : (form.get("roles") ?? "")
          .split(",")
          .map((r) => r.trim())
          .filter((r) => /^[A-Za-z0-9_.-]{1,100}$/.test(r));
    if (!/^[A-Za-z0-9_.@-]{1,200}$/.test(userId) || userDetails.length > 200) {
      sendText(res, 400, "A user id (letters, digits, . _ - @) is required");
      return;
    }
    const principal: ClientPrincipal = {
      identityProvider: provider,
      userId,
      userDetails,
      userRoles: withBuiltInRoles(extraRoles),
    };
    res.setHeader(
      "Set-Cookie",
      `${authCookieName}=${encodeURIComponent(codec.encode(principal))}; ${cookieFlags}`,
    );
    redirect(res, safeRedirectPath(form.get("post_login_redirect_uri")));
  }

  /** Applies a route's role check; answers (and returns true) when the caller may not pass. */
  function denyByRoles(
    config: SwaConfig,
    allowedRoles: readonly string[] | undefined,
    principal: ClientPrincipal | undefined,
    res: ServerResponse,
    url: URL,
  ): boolean {
    if (allowedRoles === undefined || allowedRoles.length === 0) return false;
    const roles = principal ? withBuiltInRoles(principal.userRoles) : ["anonymous"];
    if (allowedRoles.some((r) => roles.includes(r))) return false;
    const status = principal ? 403 : 401;
    const override = config.responseOverrides[String(status)];
    if (override?.redirect !== undefined) {
      const referrer = encodeURIComponent(url.pathname + url.search);
      redirect(res, override.redirect.replace(".referrer", referrer), override.statusCode ?? 302);
    } else {
      sendText(res, status, status === 401 ? "Sign in required" : "Forbidden");
    }
    return true;
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const config = await configFile.load();
    const path = url.pathname;
    const route = findRoute(config, path, req.method ?? "GET");
    if (denyByRoles(config, route?.allowedRoles, principalOf(req), res, url)) return;
    if (route?.redirect !== undefined) {
      redirect(res, route.redirect, route.statusCode === 301 ? 301 : 302);
      return;
    }
    if (route?.statusCode !== undefined && route.rewrite === undefined) {
      sendText(res, route.statusCode, route.statusCode === 404 ? "Not found" : "");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, "Method not allowed");
      return;
    }
    const headers = { ...config.globalHeaders, ...(route?.headers ?? {}) };
    const sendOptions = { headOnly: req.method === "HEAD", headers, mimeTypes: config.mimeTypes };
    const file = await resolveStaticFile(options.webRoot, route?.rewrite ?? path);
    if (file !== undefined) {
      await sendFile(res, file, sendOptions);
      return;
    }
    const fallback = config.navigationFallback;
    if (fallback !== undefined && usesNavigationFallback(config, path)) {
      const shell = await resolveStaticFile(options.webRoot, fallback.rewrite);
      if (shell !== undefined) {
        await sendFile(res, shell, sendOptions);
        return;
      }
    }
    if ((await resolveStaticFile(options.webRoot, "/index.html")) === undefined) {
      sendText(
        res,
        503,
        `The dashboard is not built: run \`npm run build:web\` (looked in ${join(options.webRoot)}).`,
      );
      return;
    }
    sendText(res, 404, "Not found");
  }

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://front-door.local");
    const path = url.pathname;
    // The Functions host's own endpoints (Durable webhooks the app's durable client calls on this origin
    // to start orchestrations) are not the site's: passed on untouched, with no principal. Azure's SWA
    // never routes them; the app reaches its Functions host directly there.
    if (path.startsWith(hostRuntimePrefix)) {
      delete req.headers["x-ms-client-principal"];
      return false;
    }
    if (path === apiPrefix || path.startsWith(`${apiPrefix}/`)) {
      // Like Azure: whatever the client sent is replaced by the platform's own view of the caller.
      delete req.headers["x-ms-client-principal"];
      const principal = principalOf(req);
      const config = await configFile.load();
      const route = findRoute(config, path, req.method ?? "GET");
      if (denyByRoles(config, route?.allowedRoles, principal, res, url)) return true;
      if (principal) {
        req.headers[clientPrincipalHeader] = encodeClientPrincipal({
          ...principal,
          userRoles: withBuiltInRoles(principal.userRoles),
        });
      }
      return false;
    }
    if (path.startsWith("/.auth/")) {
      // Config routes may disable providers (e.g. `/.auth/login/github` → 404), as on the platform.
      const route = findRoute(await configFile.load(), path, req.method ?? "GET");
      if (route?.statusCode !== undefined) {
        sendText(res, route.statusCode, "Not found");
        return true;
      }
      await handleAuth(req, res, url);
      return true;
    }
    await handleStatic(req, res, url);
    return true;
  };
}
