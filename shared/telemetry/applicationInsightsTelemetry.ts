// Telemetry through the applicationinsights 3.x TelemetryClient (Azure Monitor OpenTelemetry underneath).
// The client runs on its own isolated OpenTelemetry providers (useGlobalProviders: false): it patches nothing
// in the Functions worker and only sends what this adapter tracks explicitly, after sanitizing it.
import type { AzureMonitorOpenTelemetryOptions, TelemetryClient, TraceTelemetry } from "applicationinsights";

import type { OperationRun } from "../domain/operationRun.js";
import { describeRunTransition } from "./runTransitionTelemetry.js";
import type {
  DependencyCall,
  DependencyKind,
  Telemetry,
  TelemetryProperties,
  TelemetrySeverity,
} from "./telemetry.js";
import { TelemetrySanitizer } from "./telemetrySanitizer.js";

export type ExporterOptions = NonNullable<AzureMonitorOpenTelemetryOptions["azureMonitorExporterOptions"]>;

export interface ApplicationInsightsTelemetryOptions {
  connectionString: string;
  /** Secret setting values scrubbed verbatim from everything sent. */
  knownSecrets?: readonly (string | undefined)[];
  /** Extra exporter options (e.g. `tlsOptions` to trust a local collector, `disableOfflineStorage`). */
  exporter?: Omit<ExporterOptions, "connectionString">;
  /** Cloud role name shown in the application map. */
  roleName?: string;
}

const SEVERITY: Record<TelemetrySeverity, NonNullable<TraceTelemetry["severity"]>> = {
  verbose: "Verbose",
  information: "Information",
  warning: "Warning",
  error: "Error",
  critical: "Critical",
};

const DEPENDENCY_TYPE: Record<DependencyKind, string> = {
  graph: "Microsoft Graph",
  cosmos: "Azure DocumentDB",
  storage: "Azure Storage",
  http: "HTTP",
};

export class ApplicationInsightsTelemetry implements Telemetry {
  readonly enabled = true;

  constructor(
    private readonly client: TelemetryClient,
    private readonly sanitizer: TelemetrySanitizer,
  ) {}

  /** Loads the SDK on demand (it takes a second or two), so an app without telemetry never pays for it. */
  static async create(options: ApplicationInsightsTelemetryOptions): Promise<ApplicationInsightsTelemetry> {
    const { TelemetryClient: Client } = await import("applicationinsights");
    const client = new Client(options.connectionString, { useGlobalProviders: false });
    client.config.azureMonitorOpenTelemetryOptions = {
      azureMonitorExporterOptions: { ...options.exporter, connectionString: options.connectionString },
    };
    if (options.roleName !== undefined) client.context.tags["ai.cloud.role"] = options.roleName;
    const secrets = [options.connectionString, ...(options.knownSecrets ?? [])];
    return new ApplicationInsightsTelemetry(client, new TelemetrySanitizer(secrets));
  }

  trackRunTransition(run: OperationRun): void {
    const { event, metrics } = describeRunTransition(run);
    this.trackEvent(event.name, event.properties, event.measurements);
    for (const metric of metrics) {
      this.client.trackMetric({
        name: this.sanitizer.text(metric.name),
        value: metric.value,
        properties: this.sanitizer.properties(metric.properties),
      });
    }
  }

  trackDependency(call: DependencyCall): void {
    this.client.trackDependency({
      name: this.sanitizer.text(call.name),
      target: this.sanitizer.text(call.target),
      dependencyTypeName: DEPENDENCY_TYPE[call.kind],
      duration: Math.max(0, call.durationMs),
      success: call.success,
      ...(call.resultCode === undefined ? {} : { resultCode: this.sanitizer.text(String(call.resultCode)) }),
      ...(call.data === undefined ? {} : { data: this.sanitizer.text(call.data) }),
      properties: this.sanitizer.properties({
        ...call.properties,
        dependencyKind: call.kind,
        target: call.target,
        resultCode: call.resultCode,
      }),
    });
  }

  trackException(error: unknown, properties?: TelemetryProperties): void {
    this.client.trackException({
      exception: this.sanitizer.error(error),
      properties: this.sanitizer.properties(properties),
    });
  }

  trackTrace(
    message: string,
    severity: TelemetrySeverity = "information",
    properties?: TelemetryProperties,
  ): void {
    this.client.trackTrace({
      message: this.sanitizer.text(message),
      severity: SEVERITY[severity],
      properties: this.sanitizer.properties(properties),
    });
  }

  trackEvent(
    name: string,
    properties?: TelemetryProperties,
    measurements?: Readonly<Record<string, number>>,
  ): void {
    this.client.trackEvent({
      name: this.sanitizer.text(name),
      properties: this.sanitizer.properties(properties),
      measurements: this.sanitizer.measurements(measurements),
    });
  }

  flush(): Promise<void> {
    return this.client.flush();
  }

  shutdown(): Promise<void> {
    return this.client.shutdown();
  }
}
