// The local Functions host: loads a built v4 app through the @azure/functions-core contract and serves its
// HTTP triggers, timers and Durable orchestrations (state in Azurite), like `func start` does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { loadLocalSettings, readAppConfig, type AppConfig } from "./appConfig.js";
import { CoreApi, installCoreApi, type RegisteredFunction } from "./coreApi.js";
import {
  clientBindingPayload,
  handleManagementRequest,
  managementBasePath,
} from "./durable/managementApi.js";
import { DurableHost } from "./durable/durableHost.js";
import {
  buildRoutes,
  findRoute,
  fromRpcResponse,
  isAuthorized,
  toRpcHttp,
  type HttpRoute,
} from "./httpFunctions.js";
import { errorMessage, Invoker, triggerBindingName } from "./invoker.js";
import type { RpcLogLevel, RpcTypedData } from "./rpcTypes.js";
import { resolveStorageConnection } from "./storageConnection.js";
import { describeSchedule, TimerScheduler } from "./timerScheduler.js";

/**
 * Front door: called for every request before routing, after the host removed any client-supplied
 * `x-ms-client-principal` header. Return true when it answered the request itself (e.g. static dashboard
 * files, `/.auth/*` of the Static Web Apps emulation); it may set a trusted `x-ms-client-principal` on
 * `req.headers` and return false to let the host route the request to the app.
 */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HostOptions {
  appDir: string;
  port: number;
  /** Address to listen on; loopback by default. */
  hostname?: string;
  frontDoor?: FrontDoor;
  /** Largest request body read (bytes); larger ones answer 413. Default 1 MiB (the API itself allows 64 KB). */
  maxRequestBodyBytes?: number;
  /** Seconds a dequeued Durable message stays leased (renewed while in use). */
  leaseSeconds?: number;
  log?: (line: string) => void;
}

export class PortInUseError extends Error {
  constructor(port: number) {
    super(`Port ${port} is already in use: stop the other process or set another port (LOCAL_HOST_PORT).`);
    this.name = "PortInUseError";
  }
}

function triggerType(fn: RegisteredFunction): string {
  return fn.metadata.bindings[triggerBindingName(fn)]?.type ?? "";
}

export const defaultMaxRequestBodyBytes = 1024 * 1024;

/**
 * The request body, or null as soon as its declared or received size exceeds `limit`: the rest is not read
 * (the stream is paused, not destroyed, so the 413 can still be written on the socket).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.resolve(null);
  // Already read (e.g. by the front door): nothing more will arrive.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        settle();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      settle();
      reject(err);
    };
    const onClose = (): void => {
      settle();
      reject(new Error("the client closed the request before its body ended"));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}

export class FunctionsHost {
  readonly core: CoreApi;
  readonly config: AppConfig;
  readonly #options: HostOptions;
  readonly #log: (line: string) => void;
  readonly #server: Server;
  #routes: HttpRoute[] = [];
  #invoker: Invoker;
  #durable: DurableHost | undefined;
  #timers: TimerScheduler | undefined;
  #origin = "";

  private constructor(options: HostOptions) {
    this.#options = options;
    this.#log =
      options.log ??
      ((line) => {
        process.stdout.write(`${line}\n`);
      });
    loadLocalSettings(options.appDir);
    this.config = readAppConfig(options.appDir);
    this.core = new CoreApi((level, _category, message) => {
      if (level !== "debug" && level !== "trace") this.#log(`[${level}] ${message}`);
    });
    this.#invoker = new Invoker(
      this.core,
      (name, level, message) => {
        this.#functionLog(name, level, message);
      },
      this.config.functionTimeoutMs,
    );
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
  }

  static async start(options: HostOptions): Promise<FunctionsHost> {
    const host = new FunctionsHost(options);
    await host.#start();
    return host;
  }

  get url(): string {
    return this.#origin;
  }

  get functions(): RegisteredFunction[] {
    return [...this.core.functions.values()];
  }

  get durable(): DurableHost | undefined {
    return this.#durable;
  }

  #functionLog(name: string, level: RpcLogLevel, message: string): void {
    if (level === "debug" || level === "trace") return;
    this.#log(
      `[${new Date().toISOString()}] ${name}: ${level === "information" ? "" : `[${level}] `}${message}`,
    );
  }

  async #start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", (err: NodeJS.ErrnoException) => {
        reject(err.code === "EADDRINUSE" ? new PortInUseError(this.#options.port) : err);
      });
      this.#server.listen(this.#options.port, this.#options.hostname ?? "127.0.0.1", () => {
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    const shownHost =
      address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
    this.#origin = `http://${shownHost}:${address.port}`;
    process.env.WEBSITE_HOSTNAME = `${shownHost}:${address.port}`;

    installCoreApi(this.core);
    for (const file of this.config.entryFiles) await import(pathToFileURL(file).href);
    await this.core.runHooks("appStart", {
      hookData: {},
      appHookData: this.core.appHookData,
      functionAppDirectory: this.config.appDir,
    });
    if (this.core.programmingModel?.getCapabilities) await this.core.programmingModel.getCapabilities({});

    const functions = this.functions;
    this.#routes = buildRoutes(
      functions.filter((f) => triggerType(f) === "httpTrigger"),
      this.#log,
    );
    const usesDurable = functions.some(
      (f) =>
        ["orchestrationTrigger", "activityTrigger", "entityTrigger"].includes(triggerType(f)) ||
        Object.values(f.metadata.bindings).some(
          (b) => b.type === "durableClient" || b.type === "orchestrationClient",
        ),
    );
    const timers = functions.filter((f) => triggerType(f) === "timerTrigger");
    const connection = resolveStorageConnection(process.env.AzureWebJobsStorage);
    if ((usesDurable || timers.length > 0) && !connection) {
      throw new Error("AzureWebJobsStorage is not set: timers and Durable Functions need storage (Azurite).");
    }
    if (usesDurable && connection) {
      this.#durable = new DurableHost({
        connectionString: connection,
        hubName: this.config.hubName,
        invoker: this.#invoker,
        findFunction: (name, type) =>
          functions.find(
            (f) => f.metadata.name.toLowerCase() === name.toLowerCase() && triggerType(f) === type,
          ),
        log: (message) => {
          this.#log(`[durable] ${message}`);
        },
        leaseSeconds: this.#options.leaseSeconds ?? 10,
        maxConcurrentActivities: this.config.maxConcurrentActivities,
      });
      await this.#durable.start();
    }
    if (timers.length > 0 && connection) {
      this.#timers = new TimerScheduler(
        this.#invoker,
        connection,
        this.config.hubName,
        (m) => {
          this.#log(m);
        },
        (fn) => this.#extraInputs(fn),
      );
      await this.#timers.start(timers);
    }
    this.#log(this.functionTable());
  }

  /** The function table `func start` prints. */
  functionTable(): string {
    const lines = ["", "Functions:", ""];
    if (this.functions.length === 0) lines.push("        (none registered)", "");
    const prefix = this.config.routePrefix === "" ? "" : `/${this.config.routePrefix}`;
    for (const fn of this.functions) {
      const type = triggerType(fn);
      const binding = fn.metadata.bindings[triggerBindingName(fn)] ?? {};
      let detail: string = type;
      if (type === "httpTrigger") {
        const route =
          typeof binding.route === "string" && binding.route !== "" ? binding.route : fn.metadata.name;
        const methods = Array.isArray(binding.methods) ? binding.methods.join(",") : "ALL";
        detail = `[${methods}] ${this.#origin}${prefix}/${route}`;
      } else if (type === "timerTrigger") {
        detail = `timerTrigger (${describeSchedule(fn)})`;
      }
      lines.push(`        ${fn.metadata.name}: ${detail}`, "");
    }
    return lines.join("\n");
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.#server.close(() => {
        resolve();
      }),
    );
    await this.#timers?.stop();
    await this.#durable?.stop();
    await this.core
      .runHooks("appTerminate", { hookData: {}, appHookData: this.core.appHookData })
      .catch(() => undefined);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      // Never trust a principal the client sent; only the front door may set one.
      delete req.headers["x-ms-client-principal"];
      req.rawHeaders = req.rawHeaders.filter((_value, i, all) =>
        i % 2 === 1
          ? all[i - 1]?.toLowerCase() !== "x-ms-client-principal"
          : _value.toLowerCase() !== "x-ms-client-principal",
      );
      if (this.#options.frontDoor && (await this.#options.frontDoor(req, res))) return;
      const url = new URL(req.url ?? "/", this.#origin);
      const method = (req.method ?? "GET").toUpperCase();
      const limit = this.#options.maxRequestBodyBytes ?? defaultMaxRequestBodyBytes;
      const body = await readBody(req, limit);
      if (body === null) {
        this.#refuseBody(req, res, limit);
        return;
      }
      if (url.pathname === "/admin/host/status") {
        this.#send(
          res,
          200,
          [["content-type", "application/json"]],
          Buffer.from(JSON.stringify({ state: "Running" })),
        );
        return;
      }
      if (url.pathname.startsWith(managementBasePath)) {
        await this.#handleManagement(req, res, url, method, body);
        return;
      }
      const prefix = this.config.routePrefix === "" ? "/" : `/${this.config.routePrefix}/`;
      if (!`${url.pathname}/`.toLowerCase().startsWith(prefix.toLowerCase())) {
        this.#send(res, 404, [], Buffer.alloc(0));
        return;
      }
      const rest = url.pathname
        .slice(prefix.length - 1)
        .split("/")
        .filter((s) => s !== "");
      const match = findRoute(this.#routes, rest, method);
      if (!match) {
        this.#send(res, 404, [], Buffer.alloc(0));
        return;
      }
      const key =
        (req.headers["x-functions-key"] as string | undefined) ?? url.searchParams.get("code") ?? undefined;
      if (!isAuthorized(match.route.authLevel, key, process.env)) {
        this.#send(res, 401, [], Buffer.alloc(0));
        return;
      }
      await this.#invokeHttp(
        res,
        match.route.fn,
        toRpcHttp(method, url.href, req.headers, match.params, body),
      );
    } catch (err) {
      this.#log(`[error] ${req.method ?? ""} ${req.url ?? ""}: ${errorMessage(err)}`);
      if (!res.headersSent) this.#send(res, 500, [], Buffer.alloc(0));
      else res.end();
    }
  }

  /**
   * 413 at once, in the app's problem+json shape. The unread rest is discarded, never buffered: closing a
   * connection with unread data resets it, and the client could lose the answer. A body declared or
   * streamed beyond 16 × the limit is cut off by closing the connection instead.
   */
  #refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
    const drainLimit = 16 * limit;
    const drain = !(Number(req.headers["content-length"] ?? "0") > drainLimit);
    const problem = {
      type: "/problems/body-too-large",
      title: "Content Too Large",
      status: 413,
      detail: `The request body exceeds ${limit} bytes.`,
      errors: [{ field: "body", message: `must be at most ${limit} bytes` }],
    };
    const headers: [string, string][] = [["content-type", "application/problem+json"]];
    if (!drain) headers.push(["connection", "close"]);
    this.#send(res, 413, headers, Buffer.from(JSON.stringify(problem)));
    if (!drain) return;
    let discarded = 0;
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > drainLimit) req.socket.destroy();
    });
    req.resume();
  }

  /** Input bindings the host supplies itself: the durable client, for any trigger that declares one. */
  #extraInputs(fn: RegisteredFunction): Record<string, RpcTypedData> {
    const extraInputs: Record<string, RpcTypedData> = {};
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (
        binding.direction === "in" &&
        (binding.type === "durableClient" || binding.type === "orchestrationClient")
      ) {
        extraInputs[name] = {
          string: JSON.stringify(clientBindingPayload(this.#origin, this.config.hubName)),
        };
      }
    }
    return extraInputs;
  }

  async #invokeHttp(
    res: ServerResponse,
    fn: RegisteredFunction,
    http: ReturnType<typeof toRpcHttp>,
  ): Promise<void> {
    const extraInputs = this.#extraInputs(fn);
    let response;
    try {
      response = await this.#invoker.invoke(fn, { trigger: { http }, extraInputs });
    } catch (err) {
      this.#functionLog(
        fn.metadata.name,
        "error",
        `Executed with an error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      this.#send(res, 500, [], Buffer.alloc(0));
      return;
    }
    const result = fromRpcResponse(fn, response);
    this.#send(res, result.status, result.headers, result.body);
  }

  async #handleManagement(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    body: Buffer,
  ): Promise<void> {
    if (!this.#durable) {
      this.#send(res, 404, [], Buffer.alloc(0));
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(",") : v;
    const answer = await handleManagementRequest(
      this.#durable,
      this.#origin,
      method,
      url.pathname.slice(managementBasePath.length),
      url.searchParams,
      headers,
      body.toString("utf8"),
    );
    const out: [string, string][] = Object.entries(answer.headers ?? {});
    let payload = Buffer.alloc(0);
    if (answer.body !== undefined) {
      out.push(["content-type", "application/json; charset=utf-8"]);
      payload = Buffer.from(JSON.stringify(answer.body));
    }
    this.#send(res, answer.status, out, payload);
  }

  #send(res: ServerResponse, status: number, headers: [string, string][], body: Buffer): void {
    const grouped = new Map<string, string[]>();
    for (const [name, value] of headers)
      grouped.set(name.toLowerCase(), [...(grouped.get(name.toLowerCase()) ?? []), value]);
    res.statusCode = status;
    for (const [name, values] of grouped)
      res.setHeader(name, name === "set-cookie" ? values : values.join(", "));
    res.setHeader("content-length", String(body.length));
    res.end(body);
  }
}
