// The `@azure/functions-core` module the Node worker injects into an app: the app's @azure/functions calls
// registerFunction/setProgrammingModel/registerHook/log on it while its entry files load.
import Module from "node:module";
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from "./rpcTypes.js";

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

export type SystemLogger = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

class Disposable {
  readonly #onDispose: () => void;
  constructor(onDispose: () => void) {
    this.#onDispose = onDispose;
  }
  static from(...items: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => {
      for (const item of items) item.dispose();
    });
  }
  dispose(): void {
    this.#onDispose();
  }
}

/** Everything an app registered while loading. */
export class CoreApi {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<string, HookCallback[]>();
  programmingModel: ProgrammingModel | undefined;
  /** Shared by every hook of the app, as in the worker. */
  readonly appHookData: Record<string, unknown> = {};
  logger: SystemLogger;
  readonly version = "3.10.1";
  readonly hostVersion = "4.1037.0";
  readonly Disposable = Disposable;

  constructor(logger: SystemLogger) {
    this.logger = logger;
  }

  registerFunction = (metadata: FunctionMetadata, callback: FunctionCallback): Disposable => {
    if (this.functions.has(metadata.name.toLowerCase())) {
      throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
    }
    this.functions.set(metadata.name.toLowerCase(), { metadata, callback });
    return new Disposable(() => this.functions.delete(metadata.name.toLowerCase()));
  };

  registerHook = (hookName: string, callback: HookCallback): Disposable => {
    const known = ["preInvocation", "postInvocation", "appStart", "appTerminate", "log"];
    if (!known.includes(hookName)) throw new RangeError(`Unrecognized hook "${hookName}"`);
    const list = this.hooks.get(hookName) ?? [];
    list.push(callback);
    this.hooks.set(hookName, list);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  };

  setProgrammingModel = (model: ProgrammingModel): void => {
    this.programmingModel = model;
  };

  getProgrammingModel = (): ProgrammingModel | undefined => this.programmingModel;

  log = (level: RpcLogLevel, category: RpcLogCategory, message: string): void => {
    this.logger(level, category, message);
    this.runLogHooks(level, category, message, undefined);
  };

  /** Log hooks are synchronous and must never break the caller. */
  runLogHooks(
    level: RpcLogLevel,
    category: RpcLogCategory,
    message: string,
    invocationContext: unknown,
  ): void {
    for (const hook of this.hooks.get("log") ?? []) {
      try {
        void hook({
          level,
          category,
          message,
          invocationContext,
          hookData: {},
          appHookData: this.appHookData,
        });
      } catch {
        // A failing log hook must not fail the invocation that logged.
      }
    }
  }

  async runHooks(hookName: string, context: Record<string, unknown>): Promise<void> {
    for (const hook of [...(this.hooks.get(hookName) ?? [])]) await hook(context);
  }
}

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: ModuleLoad;
}

let installed: CoreApi | undefined;

/** Makes `require('@azure/functions-core')` return `api`, as the worker does for the app it loads. */
export function installCoreApi(api: CoreApi): void {
  const internals = Module as unknown as ModuleInternals;
  if (!installed) {
    const original = internals._load;
    internals._load = function (request: string, parent: unknown, isMain: boolean): unknown {
      if (request === "@azure/functions-core") return installed;
      return original.call(this, request, parent, isMain);
    };
  }
  installed = api;
}
