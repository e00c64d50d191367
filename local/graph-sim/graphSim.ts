// The simulator's request handling: Entra token endpoint, Graph resources with auth, faults, throttling and
// $batch, and the admin API. Transport (HTTP/TLS listeners) lives in startGraphSim.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { Counters } from "./counters.js";
import { EntraTokens, graphAudience, type TokenClaims } from "./entraTokens.js";
import { FaultTable, type ActiveFault } from "./faults.js";
import { badRequest, graphError, ok, type SimResponse } from "./graphErrors.js";
import { classify, routeGraph } from "./graphRoutes.js";
import type { ApiVersion } from "./intuneTypes.js";
import type { SimApp, SimTenant } from "./simState.js";
import { Throttle, intuneDefaultLimits, type ThrottleLimits } from "./throttle.js";
import { handleAdmin } from "./adminRoutes.js";

export interface ApiClient {
  clientSecret: string;
  roles: string[];
  audience: string;
}

export interface GraphSimConfig {
  /** Consented apps a fixture gets when it names none (the product's Graph app with every role). */
  defaultApps: Map<string, SimApp>;
  /** External clients that may get tokens for the product's own API audience, in any tenant. */
  apiClients: Map<string, ApiClient>;
  tokenLifetimeSeconds: number;
  limits: ThrottleLimits;
}

const maxBatch = 20;

export class GraphSim {
  readonly tenants = new Map<string, SimTenant>();
  readonly throttle: Throttle;
  readonly faults = new FaultTable();
  readonly counters = new Counters();
  /** https origin of the authority; token issuers are `${issuerOrigin}/{tid}/v2.0`. */
  issuerOrigin = "https://127.0.0.1";

  constructor(
    readonly tokens: EntraTokens,
    readonly config: GraphSimConfig,
    readonly seed: (sim: GraphSim) => void,
  ) {
    this.throttle = new Throttle({ ...config.limits });
  }

  reset(seedDemo: boolean): void {
    this.tenants.clear();
    this.faults.remove();
    this.counters.reset();
    this.throttle.reset({ ...intuneDefaultLimits, ...this.config.limits });
    if (seedDemo) this.seed(this);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const secure = "encrypted" in req.socket;
    const url = new URL(req.url ?? "/", `${secure ? "https" : "http"}://${req.headers.host ?? "127.0.0.1"}`);
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const clientRequestId = headerValue(req.headers["client-request-id"]) ?? randomUUID();
    let response: SimResponse | "drop";
    try {
      response = await this.dispatch(method, url, raw, headerValue(req.headers.authorization));
    } catch (err) {
      response = graphError(500, "InternalServerError", `Simulator error: ${(err as Error).message}`);
    }
    if (response === "drop") {
      req.socket.destroy();
      return;
    }
    writeResponse(res, response, clientRequestId);
  }

  private async dispatch(
    method: string,
    url: URL,
    raw: string,
    authorization: string | undefined,
  ): Promise<SimResponse | "drop"> {
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const [first] = segments;
    if (first === "_admin") return handleAdmin(this, method, segments.slice(1), url, raw);
    if (first === "v1.0" || first === "beta")
      return this.graph(method, first, segments.slice(1), url, raw, authorization);
    return this.entra(method, segments, raw);
  }

  // ---------- Entra ID ----------

  private async entra(method: string, segments: string[], raw: string): Promise<SimResponse> {
    const [tid, a, b, c] = segments;
    const issuerFor = (t: string): string => `${this.issuerOrigin}/${t}/v2.0`;
    if (tid !== undefined && a === "v2.0" && b === ".well-known" && c === "openid-configuration") {
      const base = `${this.issuerOrigin}/${tid}`;
      return ok({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${this.issuerOrigin}/${tid}/discovery/v2.0/keys`,
        issuer: issuerFor(tid === "common" || tid === "organizations" ? "{tenantid}" : tid),
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
        tenant_region_scope: "EU",
      });
    }
    if (tid !== undefined && a === "discovery" && b === "v2.0" && c === "keys") return ok(this.tokens.jwks());
    if (tid !== undefined && a === "oauth2" && b === "v2.0" && c === "token" && method === "POST") {
      this.counters.tokenRequests++;
      return this.token(tid, new URLSearchParams(raw), issuerFor(tid));
    }
    if (tid === "common" && a === "discovery" && b === "instance") {
      return ok({
        tenant_discovery_endpoint: `${this.issuerOrigin}/common/v2.0/.well-known/openid-configuration`,
        metadata: [],
      });
    }
    return {
      status: 404,
      headers: {},
      body: { error: "not_found", error_description: "No such endpoint on the simulator." },
    };
  }

  private async token(tid: string, form: URLSearchParams, issuer: string): Promise<SimResponse> {
    const aad = (status: number, error: string, code: number, description: string): SimResponse => ({
      status,
      headers: {},
      body: {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
      },
    });
    if (form.get("grant_type") !== "client_credentials")
      return aad(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    const clientId = form.get("client_id") ?? "";
    const scope = form.get("scope") ?? "";
    if (!scope.endsWith("/.default"))
      return aad(
        400,
        "invalid_scope",
        1002012,
        "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
      );
    const resource = scope.slice(0, -"/.default".length);
    if (form.has("client_assertion"))
      return aad(
        401,
        "invalid_client",
        700027,
        "Client assertion contains an invalid signature (certificates are not registered in the simulator).",
      );
    const secret = form.get("client_secret") ?? "";

    const apiClient = this.config.apiClients.get(clientId);
    if (resource === apiClient?.audience) {
      if (apiClient.clientSecret !== secret)
        return aad(401, "invalid_client", 7000215, "Invalid client secret provided.");
      const access_token = await this.tokens.issue({
        issuer,
        tenantId: tid,
        clientId,
        audience: resource,
        roles: apiClient.roles,
        lifetimeSeconds: this.config.tokenLifetimeSeconds,
      });
      return ok({
        token_type: "Bearer",
        expires_in: this.config.tokenLifetimeSeconds,
        ext_expires_in: this.config.tokenLifetimeSeconds,
        access_token,
      });
    }
    const tenant = this.tenants.get(tid);
    if (tenant === undefined) return aad(400, "invalid_request", 90002, `Tenant '${tid}' not found.`);
    if (resource !== graphAudience && resource !== "https://graph.microsoft.com/")
      return aad(
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${resource} was not found in the tenant.`,
      );
    const app = tenant.apps.get(clientId);
    if (app === undefined)
      return aad(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tid}'.`,
      );
    if (app.clientSecret !== secret)
      return aad(401, "invalid_client", 7000215, "Invalid client secret provided.");
    const access_token = await this.tokens.issue({
      issuer,
      tenantId: tid,
      clientId,
      audience: graphAudience,
      roles: app.roles,
      lifetimeSeconds: this.config.tokenLifetimeSeconds,
    });
    return ok({
      token_type: "Bearer",
      expires_in: this.config.tokenLifetimeSeconds,
      ext_expires_in: this.config.tokenLifetimeSeconds,
      access_token,
    });
  }

  // ---------- Graph ----------

  private async authenticate(
    authorization: string | undefined,
  ): Promise<{ claims: TokenClaims; tenant: SimTenant } | SimResponse> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m?.[1]) return graphError(401, "InvalidAuthenticationToken", "Access token is empty.");
    const claims = await this.tokens.verify(m[1], graphAudience);
    if (claims === null)
      return graphError(
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience, signature or lifetime.",
      );
    const tenant = this.tenants.get(claims.tid);
    if (tenant === undefined)
      return graphError(
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure: unknown tenant.",
      );
    if (claims.issuedAtMs < tenant.tokensValidAfter)
      return graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    return { claims, tenant };
  }

  private async graph(
    method: string,
    version: ApiVersion,
    segments: string[],
    url: URL,
    raw: string,
    authorization: string | undefined,
  ): Promise<SimResponse | "drop"> {
    const auth = await this.authenticate(authorization);
    const route = classify(method, segments);
    const path = url.pathname;
    if ("status" in auth) {
      this.counters.record(logEntry(null, null, method, url, auth.status, route.pathKind, false), {
        isBatch: false,
        isWrite: route.write,
        countsAsOperation: false,
      });
      return auth;
    }
    const isBatch = segments.length === 1 && segments[0] === "$batch";
    if (isBatch) {
      const fault = this.faults.pick(method, path, auth.tenant.id, false);
      const faulted = fault ? await applyFault(fault) : undefined;
      if (faulted !== undefined) return faulted;
      const result =
        method === "POST"
          ? await this.batch(version, url, raw, auth)
          : badRequest("$batch accepts POST only.");
      this.counters.record(
        logEntry(auth.tenant.id, auth.claims.appid, method, url, result.status, "$batch", false),
        { isBatch: true, isWrite: false, countsAsOperation: false },
      );
      return result;
    }
    let body: unknown;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      return badRequest("Unable to read JSON request payload.");
    }
    return this.execute(method, version, segments, url, body, auth, false);
  }

  /** One Graph request (top-level or a $batch item): faults, throttle, route, count. */
  private async execute(
    method: string,
    version: ApiVersion,
    segments: string[],
    url: URL,
    body: unknown,
    auth: { claims: TokenClaims; tenant: SimTenant },
    batchItem: boolean,
  ): Promise<SimResponse | "drop"> {
    const route = classify(method, segments);
    const record = (status: number): void => {
      this.counters.record(
        logEntry(auth.tenant.id, auth.claims.appid, method, url, status, route.pathKind, batchItem),
        {
          isBatch: false,
          isWrite: route.write,
          countsAsOperation: route.intune,
        },
      );
    };
    const fault = this.faults.pick(method, url.pathname, auth.tenant.id, batchItem);
    if (fault) {
      const faulted = await applyFault(fault);
      if (faulted === "drop" && batchItem) {
        record(504);
        return graphError(504, "GatewayTimeout", "The sub-request timed out.");
      }
      if (faulted !== undefined) {
        record(faulted === "drop" ? 0 : faulted.status);
        return faulted;
      }
    }
    if (route.intune) {
      const decision = this.throttle.take(auth.tenant.id, auth.claims.appid, route.write);
      if (!decision.allowed) {
        record(429);
        const headers: Record<string, string> =
          decision.retryAfterSeconds === null ? {} : { "Retry-After": String(decision.retryAfterSeconds) };
        return graphError(
          429,
          "TooManyRequests",
          "Too many requests. The request was throttled by Intune; retry later.",
          headers,
        );
      }
    }
    const result = routeGraph({
      method,
      version,
      segments,
      url,
      body,
      tenant: auth.tenant,
      roles: auth.claims.roles,
    });
    record(result.status);
    return result;
  }

  private async batch(
    version: ApiVersion,
    url: URL,
    raw: string,
    auth: { claims: TokenClaims; tenant: SimTenant },
  ): Promise<SimResponse> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return badRequest("Unable to read JSON request payload.");
    }
    const requests = (parsed as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0)
      return badRequest("Invalid batch payload format: 'requests' must be a non-empty array.");
    if (requests.length > maxBatch)
      return badRequest(`The number of batch requests exceeds the maximum of ${maxBatch}.`);
    const ids = new Set<string>();
    type Item = { id: string; method: string; url: string; body?: unknown; dependsOn?: string[] };
    const items: Item[] = [];
    for (const r of requests as Record<string, unknown>[]) {
      const id = r.id;
      if (typeof id !== "string" || typeof r.method !== "string" || typeof r.url !== "string")
        return badRequest("Each batch request needs id, method and url.");
      if (ids.has(id)) return badRequest(`Batch request id '${id}' is duplicated.`);
      ids.add(id);
      const dependsOn = Array.isArray(r.dependsOn)
        ? r.dependsOn.filter((d): d is string => typeof d === "string")
        : undefined;
      if (dependsOn?.some((d) => !ids.has(d) || d === id))
        return badRequest(`Batch request '${id}' depends on an unknown or later request.`);
      const item: Item = { id, method: r.method.toUpperCase(), url: r.url };
      if (r.body !== undefined) item.body = r.body;
      if (dependsOn !== undefined) item.dependsOn = dependsOn;
      items.push(item);
    }
    const statusById = new Map<string, number>();
    const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
    for (const item of items) {
      let result: SimResponse;
      if (item.dependsOn?.some((d) => (statusById.get(d) ?? 500) >= 400)) {
        result = graphError(424, "FailedDependency", "A request this request depends on failed.");
      } else if (/^https?:/i.test(item.url)) {
        result = badRequest("Batch request urls must be relative.");
      } else {
        const subUrl = new URL(`/${version}/${item.url.replace(/^\//, "")}`, url);
        const subSegments = subUrl.pathname.split("/").filter(Boolean).map(decodeURIComponent).slice(1);
        const r = await this.execute(item.method, version, subSegments, subUrl, item.body, auth, true);
        result = r === "drop" ? graphError(504, "GatewayTimeout", "The sub-request timed out.") : r;
      }
      statusById.set(item.id, result.status);
      const entry: { id: string; status: number; headers: Record<string, string>; body?: unknown } = {
        id: item.id,
        status: result.status,
        headers: { "Content-Type": "application/json", ...result.headers },
      };
      if (result.body !== undefined) entry.body = result.body;
      responses.push(entry);
    }
    // Graph answers batch items in no guaranteed order; reversing keeps clients honest (match by id).
    return ok({ responses: responses.reverse() });
  }
}

async function applyFault(f: ActiveFault): Promise<SimResponse | "drop" | undefined> {
  if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
  if (f.dropConnection) return "drop";
  if (f.status === undefined) return undefined;
  const codes: Record<number, string> = {
    429: "TooManyRequests",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
    500: "InternalServerError",
    403: "Forbidden",
    404: "ResourceNotFound",
    401: "InvalidAuthenticationToken",
  };
  const headers: Record<string, string> =
    f.retryAfterSeconds === undefined ? {} : { "Retry-After": String(f.retryAfterSeconds) };
  const message = `Injected fault ${f.id}.${f.plantedText === undefined ? "" : ` ${f.plantedText}`}`;
  return graphError(f.status, f.code ?? codes[f.status] ?? "UnknownError", message, headers);
}

function logEntry(
  tenantId: string | null,
  appId: string | null,
  method: string,
  url: URL,
  status: number,
  pathKind: string,
  batchItem: boolean,
) {
  return {
    at: new Date().toISOString(),
    tenantId,
    appId,
    method,
    path: url.pathname,
    query: url.search,
    status,
    pathKind,
    batchItem,
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > 50 * 1024 * 1024) throw new Error("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function writeResponse(res: ServerResponse, r: SimResponse, clientRequestId: string): void {
  const headers: Record<string, string> = { "client-request-id": clientRequestId, ...r.headers };
  if (!("request-id" in headers)) headers["request-id"] = randomUUID();
  if (r.status === 204 || r.body === undefined) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(r.body);
  headers["Content-Type"] = "application/json; odata.metadata=minimal; charset=utf-8";
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(r.status, headers);
  res.end(text);
}
