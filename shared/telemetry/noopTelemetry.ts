// Telemetry that does nothing: used when APPLICATIONINSIGHTS_CONNECTION_STRING is absent (local stack, tests).
import type { OperationRun } from "../domain/operationRun.js";
import type { DependencyCall, Telemetry, TelemetryProperties, TelemetrySeverity } from "./telemetry.js";

export class NoopTelemetry implements Telemetry {
  readonly enabled: boolean = false;
  trackRunTransition(_run: OperationRun): void {
    // off
  }
  trackDependency(_call: DependencyCall): void {
    // off
  }
  trackException(_error: unknown, _properties?: TelemetryProperties): void {
    // off
  }
  trackTrace(_message: string, _severity?: TelemetrySeverity, _properties?: TelemetryProperties): void {
    // off
  }
  trackEvent(
    _name: string,
    _properties?: TelemetryProperties,
    _measurements?: Readonly<Record<string, number>>,
  ): void {
    // off
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
