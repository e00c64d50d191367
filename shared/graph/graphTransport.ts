// HTTP to Graph for one tenant on @microsoft/microsoft-graph-client, with our own middleware in front of its
// HTTP handler: pace through the tenant's budget, add the token, retry 429/503/504 (Retry-After or backoff
// with jitter, within a total budget) and renew the token once on a 401.
import { Client, GraphError, HTTPMessageHandler, type Middleware } from "@microsoft/microsoft-graph-client";
import { sanitizeMessage } from "../domain/sanitize.js";
import { GraphRequestError, reasonCodeForStatus } from "./graphRequestError.js";
import { parseRetryAfter, retryableStatuses, retryDelayMs, sleep, type RetryOptions } from "./retryPolicy.js";
import type { TenantBudget } from "./tenantBudget.js";
import type { TenantTokenProvider } from "./tenantTokenProvider.js";

type Context = Parameters<Middleware["execute"]>[0];
export type ApiVersion = "v1.0" | "beta";

export interface TransportStats {
  requests: number;
  operations: number;
  retries: number;
  throttled: number;
}

/** Throttle units of a request: one, or one per `$batch` sub-request (writes counted apart). */
function unitsOf(context: Context): { operations: number; writes: number } {
  const method = (context.options?.method ?? "GET").toUpperCase();
  const url = typeof context.request === "string" ? context.request : context.request.url;
  if (/\/\$batch(\?|$)/.test(url) && typeof context.options?.body === "string") {
    const parsed = JSON.parse(context.options.body) as { requests?: { method?: string }[] };
    const items = parsed.requests ?? [];
    return {
      operations: items.length,
      writes: items.filter((r) => (r.method ?? "GET").toUpperCase() !== "GET").length,
    };
  }
  return { operations: 1, writes: method === "GET" ? 0 : 1 };
}

function setAuthorization(context: Context, token: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set("Authorization", `Bearer ${token}`);
  else
    context.options.headers = {
      ...(headers as Record<string, string> | undefined),
      Authorization: `Bearer ${token}`,
    };
}

class PacingRetryMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly budget: TenantBudget,
    private readonly tokens: TenantTokenProvider,
    private readonly retry: RetryOptions,
    private readonly stats: TransportStats,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = this.next;
    if (next === undefined) throw new Error("PacingRetryMiddleware needs a next middleware");
    const units = unitsOf(context);
    const started = Date.now();
    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      await this.budget.take(units.operations, units.writes);
      setAuthorization(context, await this.tokens.getToken());
      this.stats.requests++;
      this.stats.operations += units.operations;
      let status: number;
      let retryAfter: string | null = null;
      try {
        await next.execute(context);
        status = context.response?.status ?? 0;
        retryAfter = context.response?.headers.get("Retry-After") ?? null;
      } catch (err) {
        // No answer (dropped connection, reset): retried like a 503 within the same budget.
        const delay = retryDelayMs(attempt, null, this.retry);
        if (attempt >= this.retry.maxAttempts || Date.now() - started + delay > this.retry.totalBudgetMs)
          throw err;
        this.stats.retries++;
        await sleep(delay);
        continue;
      }
      if (status === 401 && !renewedToken) {
        renewedToken = true;
        this.tokens.invalidate();
        await context.response?.body?.cancel();
        continue;
      }
      if (!retryableStatuses.has(status)) return;
      if (status === 429) this.stats.throttled++;
      const delay = retryDelayMs(attempt, parseRetryAfter(retryAfter), this.retry);
      if (attempt >= this.retry.maxAttempts || Date.now() - started + delay > this.retry.totalBudgetMs)
        return;
      if (status === 429) this.budget.pause(delay);
      this.stats.retries++;
      await context.response?.body?.cancel();
      await sleep(delay);
    }
  }
}

export interface GraphTransportOptions {
  baseUrl: string;
  budget: TenantBudget;
  tokens: TenantTokenProvider;
  retry: RetryOptions;
}

export class GraphTransport {
  readonly stats: TransportStats = { requests: 0, operations: 0, retries: 0, throttled: 0 };
  private readonly client: Client;
  private readonly origin: string;

  constructor(readonly options: GraphTransportOptions) {
    const pacing = new PacingRetryMiddleware(options.budget, options.tokens, options.retry, this.stats);
    pacing.setNext(new HTTPMessageHandler());
    this.origin = new URL(options.baseUrl).origin;
    this.client = Client.initWithMiddleware({
      middleware: pacing,
      baseUrl: `${this.origin}/`,
      defaultVersion: "v1.0",
    });
  }

  /** `path` is relative to the version (`/deviceManagement/...`), or an absolute nextLink on our Graph origin. */
  async get(version: ApiVersion, path: string): Promise<unknown> {
    const target = this.split(version, path);
    return this.call(
      target.path,
      () => this.client.api(target.path).version(target.version).get() as Promise<unknown>,
    );
  }

  async post(version: ApiVersion, path: string, body: unknown): Promise<unknown> {
    return this.call(path, () => this.client.api(path).version(version).post(body) as Promise<unknown>);
  }

  async delete(version: ApiVersion, path: string): Promise<void> {
    await this.call(path, () => this.client.api(path).version(version).delete() as Promise<unknown>);
  }

  private split(version: ApiVersion, path: string): { version: string; path: string } {
    if (!/^https?:\/\//i.test(path)) return { version, path };
    const url = new URL(path);
    // Never send the tenant's token to another host than the configured Graph origin.
    if (url.origin !== this.origin)
      throw new GraphRequestError("graph_bad_request", null, null, "nextLink points to another host");
    const [, v = version, ...rest] = url.pathname.split("/");
    return { version: v, path: `/${rest.join("/")}${url.search}` };
  }

  private async call(context: string, run: () => Promise<unknown>): Promise<unknown> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof GraphRequestError) throw err;
      const status = err instanceof GraphError && err.statusCode > 0 ? err.statusCode : null;
      const code = err instanceof GraphError ? err.code : null;
      const where = context.split("?")[0] ?? "";
      throw new GraphRequestError(
        reasonCodeForStatus(status, code),
        status,
        code,
        sanitizeMessage(
          `${where}: ${status === null ? "no answer" : `${status} ${code ?? ""}`.trim()}: ${(err as Error).message}`,
        ),
      );
    }
  }
}
