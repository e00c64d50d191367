// Composition-root helper: Application Insights when a connection string is configured, otherwise a no-op.
import type { Settings } from "../config/settings.js";
import {
  type ApplicationInsightsTelemetryOptions,
  ApplicationInsightsTelemetry,
} from "./applicationInsightsTelemetry.js";
import { NoopTelemetry } from "./noopTelemetry.js";
import type { Telemetry } from "./telemetry.js";

export type TelemetrySettings = Pick<
  Settings,
  "APPLICATIONINSIGHTS_CONNECTION_STRING" | "GRAPH_CLIENT_SECRET" | "COSMOS_KEY" | "AzureWebJobsStorage"
>;

export async function createTelemetry(
  settings: TelemetrySettings,
  options: Omit<ApplicationInsightsTelemetryOptions, "connectionString" | "knownSecrets"> = {},
): Promise<Telemetry> {
  const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (connectionString === undefined) return new NoopTelemetry();
  return ApplicationInsightsTelemetry.create({
    ...options,
    connectionString,
    // Secret settings are scrubbed verbatim wherever they might surface (messages, stacks, URLs).
    knownSecrets: [settings.GRAPH_CLIENT_SECRET, settings.COSMOS_KEY, settings.AzureWebJobsStorage],
  });
}
