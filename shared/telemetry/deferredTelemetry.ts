// Telemetry for synchronous composition roots: the Application Insights SDK loads asynchronously (and only
// when a connection string is set), so calls made before it is ready are queued on its promise, in order.
import type { Settings } from "../config/settings.js";
import type { OperationRun } from "../domain/operationRun.js";
import { createTelemetry } from "./createTelemetry.js";
import type { DependencyCall, Telemetry, TelemetryProperties, TelemetrySeverity } from "./telemetry.js";

export class DeferredTelemetry implements Telemetry {
  #chain: Promise<Telemetry | null>;

  constructor(
    loading: Promise<Telemetry>,
    readonly enabled: boolean,
  ) {
    // A telemetry SDK that fails to load must never fail the app: it becomes silent.
    this.#chain = loading.catch(() => null);
  }

  #later(call: (telemetry: Telemetry) => void): void {
    this.#chain = this.#chain.then((telemetry) => {
      if (telemetry !== null) {
        try {
          call(telemetry);
        } catch {
          // Telemetry never changes the app's behaviour.
        }
      }
      return telemetry;
    });
  }

  trackRunTransition(run: OperationRun): void {
    this.#later((t) => {
      t.trackRunTransition(run);
    });
  }
  trackDependency(call: DependencyCall): void {
    this.#later((t) => {
      t.trackDependency(call);
    });
  }
  trackException(error: unknown, properties?: TelemetryProperties): void {
    this.#later((t) => {
      t.trackException(error, properties);
    });
  }
  trackTrace(message: string, severity?: TelemetrySeverity, properties?: TelemetryProperties): void {
    this.#later((t) => {
      t.trackTrace(message, severity, properties);
    });
  }
  trackEvent(
    name: string,
    properties?: TelemetryProperties,
    measurements?: Readonly<Record<string, number>>,
  ): void {
    this.#later((t) => {
      t.trackEvent(name, properties, measurements);
    });
  }
  async flush(): Promise<void> {
    await (await this.#chain)?.flush();
  }
  async shutdown(): Promise<void> {
    await (await this.#chain)?.shutdown();
  }
}

/** Telemetry from settings without awaiting the SDK: off (enabled false) when no connection string is set. */
export function telemetryFromSettings(settings: Settings): Telemetry {
  return new DeferredTelemetry(
    createTelemetry(settings),
    settings.APPLICATIONINSIGHTS_CONNECTION_STRING !== undefined,
  );
}
