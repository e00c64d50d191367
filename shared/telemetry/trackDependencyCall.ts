// Times one call to Graph, Cosmos or Storage and reports it as a dependency, success or failure alike.
import type { DependencyCall, DependencyKind, Telemetry } from "./telemetry.js";

export interface DependencyTarget {
  kind: DependencyKind;
  name: string;
  target: string;
  data?: string;
}

/** `GET https://graph.microsoft.com/beta/x?$filter=...` → name `GET /beta/x`, target host, data without query. */
export function describeHttpDependency(kind: DependencyKind, method: string, url: string): DependencyTarget {
  const parsed = new URL(url);
  return {
    kind,
    name: `${method.toUpperCase()} ${parsed.pathname}`,
    target: parsed.host,
    data: `${parsed.origin}${parsed.pathname}`,
  };
}

/** Reads an HTTP status or error code from whatever a client library throws. */
function resultCodeOf(error: unknown): number | string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ["statusCode", "status", "code"]) {
    const value = record[key];
    if (typeof value === "number" || typeof value === "string") return value;
  }
  return undefined;
}

/**
 * Runs `call`, tracks it as a dependency and returns its result; a thrown error is tracked as a failed
 * dependency and rethrown unchanged. `resultCode` maps a result to its status code (e.g. `r => r.status`).
 */
export async function trackDependencyCall<T>(
  telemetry: Pick<Telemetry, "trackDependency">,
  target: DependencyTarget,
  call: () => Promise<T>,
  resultCode?: (result: T) => number | string | undefined,
): Promise<T> {
  const started = performance.now();
  const base: Omit<DependencyCall, "durationMs" | "success"> = {
    kind: target.kind,
    name: target.name,
    target: target.target,
    ...(target.data === undefined ? {} : { data: target.data }),
  };
  try {
    const result = await call();
    const code = resultCode?.(result);
    telemetry.trackDependency({
      ...base,
      durationMs: performance.now() - started,
      success: true,
      ...(code === undefined ? {} : { resultCode: code }),
    });
    return result;
  } catch (error) {
    const code = resultCodeOf(error);
    telemetry.trackDependency({
      ...base,
      durationMs: performance.now() - started,
      success: false,
      ...(code === undefined ? {} : { resultCode: code }),
    });
    throw error;
  }
}
