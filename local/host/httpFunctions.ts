// HTTP triggers: route table (route prefix from host.json, templates, methods), key checks for the
// function/admin auth levels, and the RPC http data in and out of an invocation.
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { RegisteredFunction } from "./coreApi.js";
import { compareRoutes, matchRoute, parseRouteTemplate, type RouteTemplate } from "./routeTemplate.js";
import { triggerBindingName } from "./invoker.js";
import type { RpcHttpCookie, RpcHttpData, RpcInvocationResponse } from "./rpcTypes.js";

export interface HttpRoute {
  fn: RegisteredFunction;
  route: RouteTemplate;
  methods: string[] | undefined;
  authLevel: string;
}

export interface HttpResult {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export function buildRoutes(functions: RegisteredFunction[], log: (message: string) => void): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    const binding = fn.metadata.bindings[triggerBindingName(fn)] ?? {};
    const template =
      typeof binding.route === "string" && binding.route !== "" ? binding.route : fn.metadata.name;
    try {
      const methods = Array.isArray(binding.methods)
        ? binding.methods.map((m) => String(m).toUpperCase())
        : undefined;
      const authLevel = typeof binding.authLevel === "string" ? binding.authLevel.toLowerCase() : "function";
      routes.push({ fn, route: parseRouteTemplate(template), methods, authLevel });
    } catch (err) {
      log(`Function ${fn.metadata.name} is disabled: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return routes.sort((a, b) => compareRoutes(a.route, b.route));
}

export function findRoute(
  routes: HttpRoute[],
  pathSegments: string[],
  method: string,
): { route: HttpRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchRoute(route.route, pathSegments);
    if (!params) continue;
    if (route.methods && !route.methods.includes(method.toUpperCase())) continue;
    return { route, params };
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Function level accepts the host or master key, admin level only the master key; anonymous is open. */
export function isAuthorized(
  authLevel: string,
  suppliedKey: string | undefined,
  env: NodeJS.ProcessEnv,
): boolean {
  if (authLevel === "anonymous") return true;
  if (!suppliedKey) return false;
  const master = env.FUNCTIONS_MASTER_KEY;
  const hostKey = env.FUNCTIONS_HOST_KEY;
  if (master && sameSecret(suppliedKey, master)) return true;
  return (
    authLevel === "function" && hostKey !== undefined && hostKey !== "" && sameSecret(suppliedKey, hostKey)
  );
}

export function toRpcHttp(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  params: Record<string, string>,
  body: Buffer,
): RpcHttpData {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { method, url, headers: flat, params, ...(body.length > 0 ? { body: { bytes: body } } : {}) };
}

function cookieHeader(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ""}=${cookie.value ?? ""}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === "number") parts.push(`Expires=${new Date(seconds * 1000).toUTCString()}`);
  if (typeof cookie.maxAge?.value === "number") parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push("Secure");
  if (cookie.httpOnly?.value) parts.push("HttpOnly");
  if (cookie.sameSite === "lax") parts.push("SameSite=Lax");
  if (cookie.sameSite === "strict") parts.push("SameSite=Strict");
  if (cookie.sameSite === "explicitNone") parts.push("SameSite=None");
  return parts.join("; ");
}

/** Reads the http output binding ($return or a named one) of a finished invocation. */
export function fromRpcResponse(fn: RegisteredFunction, response: RpcInvocationResponse): HttpResult {
  let http: RpcHttpData | null | undefined;
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction !== "out" || binding.type?.toLowerCase() !== "http") continue;
    http =
      name === "$return"
        ? response.returnValue?.http
        : response.outputData?.find((o) => o.name === name)?.data?.http;
    if (http) break;
  }
  if (!http) return { status: 204, headers: [], body: Buffer.alloc(0) };
  const headers: [string, string][] = Object.entries(http.headers ?? {});
  for (const cookie of http.cookies ?? []) headers.push(["set-cookie", cookieHeader(cookie)]);
  const data = http.body;
  let body = Buffer.alloc(0);
  if (data?.bytes) body = Buffer.from(data.bytes);
  else if (typeof data?.string === "string") body = Buffer.from(data.string);
  else if (typeof data?.json === "string") body = Buffer.from(data.json);
  return { status: Number(http.statusCode ?? "200") || 200, headers, body };
}
