// Counts the writes that real stores actually performed (a created tenant, a started run, a recorded
// audit entry...), by wrapping their mutating methods; answers like `created: false` are not writes.
export interface WriteCounter {
  count: number;
}

function wrote(result: unknown): boolean {
  if (typeof result === "number") return result > 0;
  if (typeof result !== "object" || result === null) return true;
  if ("created" in result && result.created === false) return false;
  if ("recorded" in result && result.recorded === false) return false;
  if ("deduped" in result && result.deduped === true) return false;
  return true;
}

export function observeWrites<T extends object>(
  target: T,
  methods: readonly string[],
  counter: WriteCounter,
): T {
  return new Proxy(target, {
    get(obj, property, receiver) {
      const value: unknown = Reflect.get(obj, property, receiver);
      if (typeof value !== "function" || typeof property !== "string" || !methods.includes(property)) {
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
      }
      const method = value as (...a: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        const result = await method.apply(obj, args);
        if (wrote(result)) counter.count += 1;
        return result;
      };
    },
  });
}
