// The Telemetry port: what the app reports to Application Insights. Adapters: NoopTelemetry (no connection
// string) and ApplicationInsightsTelemetry. Every value passes the telemetry sanitizer before it leaves.
import type { OperationRun } from "../domain/operationRun.js";

/** Custom dimensions; null and undefined are dropped, everything else is sent as (sanitized) text. */
export type TelemetryProperties = Readonly<Record<string, string | number | boolean | null | undefined>>;

export type TelemetrySeverity = "verbose" | "information" | "warning" | "error" | "critical";

/** The systems the app calls; becomes the dependency type in Application Insights. */
export type DependencyKind = "graph" | "cosmos" | "storage" | "http";

/** One finished call to a dependency. */
export interface DependencyCall {
  kind: DependencyKind;
  /** Low-cardinality name, e.g. `GET /deviceManagement/configurationPolicies` (no query string). */
  name: string;
  /** Host or logical target, e.g. `graph.microsoft.com`, `cosmos:runs`. */
  target: string;
  durationMs: number;
  success: boolean;
  /** HTTP status or error code. */
  resultCode?: number | string;
  /** Command detail (URL without query, or query text); sanitized. */
  data?: string;
  properties?: TelemetryProperties;
}

export interface Telemetry {
  /** False for the no-op implementation. */
  readonly enabled: boolean;
  /** Custom event `OperationRunTransition` + metrics for the run's current status/outcome. */
  trackRunTransition(run: OperationRun): void;
  trackDependency(call: DependencyCall): void;
  trackException(error: unknown, properties?: TelemetryProperties): void;
  trackTrace(message: string, severity?: TelemetrySeverity, properties?: TelemetryProperties): void;
  trackEvent(
    name: string,
    properties?: TelemetryProperties,
    measurements?: Readonly<Record<string, number>>,
  ): void;
  /** Sends everything buffered (call before a process or test ends). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
