// Runs one function invocation the way the Node worker does: the programming model turns the RPC request
// into handler arguments, hooks run around the handler, and the model converts the result back to RPC.
import { randomUUID } from "node:crypto";
import type { CoreApi, RegisteredFunction } from "./coreApi.js";
import type { RpcInvocationResponse, RpcLogCategory, RpcLogLevel, RpcTypedData } from "./rpcTypes.js";

export interface InvocationInput {
  /** Data for the trigger binding. */
  trigger: RpcTypedData | undefined;
  /** Data for other input bindings by binding name (e.g. the durable client payload). */
  extraInputs?: Record<string, RpcTypedData>;
  triggerMetadata?: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number };
}

export type FunctionLogger = (functionName: string, level: RpcLogLevel, message: string) => void;

export class FunctionTimeoutError extends Error {
  constructor(functionName: string, timeoutMs: number) {
    super(
      `Timeout value of ${formatTimeSpan(timeoutMs)} was exceeded by function: Functions.${functionName}`,
    );
    this.name = "FunctionTimeoutError";
  }
}

function formatTimeSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

export function triggerBindingName(fn: RegisteredFunction): string {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === "in" && typeof binding.type === "string" && binding.type.endsWith("Trigger")) {
      return name;
    }
  }
  throw new Error(`Function "${fn.metadata.name}" has no trigger binding`);
}

export class Invoker {
  readonly #core: CoreApi;
  readonly #log: FunctionLogger;
  readonly #timeoutMs: number;

  constructor(core: CoreApi, log: FunctionLogger, timeoutMs: number) {
    this.#core = core;
    this.#log = log;
    this.#timeoutMs = timeoutMs;
  }

  /** Invokes `fn`; rejects with the handler's error (or a timeout) like a failed invocation. */
  async invoke(fn: RegisteredFunction, input: InvocationInput): Promise<RpcInvocationResponse> {
    const model = this.#core.programmingModel;
    if (!model) throw new Error("The app did not set a programming model");
    const invocationId = randomUUID();
    const current: { context: unknown } = { context: undefined };
    const inputData = [{ name: triggerBindingName(fn), data: input.trigger ?? null }];
    for (const [name, data] of Object.entries(input.extraInputs ?? {})) inputData.push({ name, data });
    const coreCtx = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.metadata.name,
        inputData,
        triggerMetadata: input.triggerMetadata ?? {},
        retryContext: input.retryContext ?? null,
      },
      metadata: fn.metadata,
      state: undefined as "preInvocationHooks" | "postInvocationHooks" | "invocation" | undefined,
      log: (level: RpcLogLevel, category: RpcLogCategory, message: string): void => {
        this.#log(fn.metadata.name, level, message);
        this.#core.runLogHooks(level, category, message, current.context);
      },
    };
    const invocationModel = model.getInvocationModel(coreCtx);
    const { context, inputs } = await invocationModel.getArguments();
    current.context = context;
    const hookData: Record<string, unknown> = {};
    const appHookData = this.#core.appHookData;
    const pre = { invocationContext: context, inputs, functionCallback: fn.callback, hookData, appHookData };
    coreCtx.state = "preInvocationHooks";
    await this.#core.runHooks("preInvocation", pre);
    coreCtx.state = "invocation";
    let result: unknown;
    let error: unknown;
    try {
      result = await this.#withTimeout(
        fn.metadata.name,
        invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback),
      );
    } catch (err) {
      error = err;
    }
    const post = { invocationContext: context, inputs: pre.inputs, result, error, hookData, appHookData };
    coreCtx.state = "postInvocationHooks";
    await this.#core.runHooks("postInvocation", post);
    if (post.error !== undefined && post.error !== null) {
      throw post.error instanceof Error ? post.error : new Error(JSON.stringify(post.error));
    }
    return invocationModel.getResponse(context, post.result);
  }

  async #withTimeout<T>(functionName: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new FunctionTimeoutError(functionName, this.#timeoutMs));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Turns RPC typed data back into a JavaScript value (the inverse of the library's toRpcTypedData). */
export function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (typeof data.json === "string") return JSON.parse(data.json) as unknown;
  if (typeof data.string === "string") return data.string;
  if (typeof data.int === "number") return data.int;
  if (typeof data.double === "number") return data.double;
  if (data.bytes) return Buffer.from(data.bytes);
  return undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
