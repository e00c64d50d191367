import { describe, expect, it } from "vitest";

import { loadSettings } from "../../shared/config/settings.js";
import { DeferredTelemetry, telemetryFromSettings } from "../../shared/telemetry/deferredTelemetry.js";
import { NoopTelemetry } from "../../shared/telemetry/noopTelemetry.js";
import type { Telemetry } from "../../shared/telemetry/telemetry.js";

/** Records what reaches the loaded telemetry adapter, in order. */
class Recording extends NoopTelemetry {
  readonly calls: string[] = [];
  override trackEvent(name: string): void {
    this.calls.push(`event:${name}`);
  }
  override trackTrace(message: string): void {
    this.calls.push(`trace:${message}`);
  }
}

describe("DeferredTelemetry", () => {
  it("delivers calls made before the SDK loaded, in order, once it has", async () => {
    const target = new Recording();
    let resolve: (t: Telemetry) => void = () => undefined;
    const deferred = new DeferredTelemetry(
      new Promise<Telemetry>((r) => {
        resolve = r;
      }),
      true,
    );
    deferred.trackEvent("a");
    deferred.trackTrace("b");
    expect(target.calls).toEqual([]);
    resolve(target);
    deferred.trackEvent("c");
    await deferred.flush();
    expect(target.calls).toEqual(["event:a", "trace:b", "event:c"]);
  });

  it("stays silent when the SDK fails to load, never failing the app", async () => {
    const deferred = new DeferredTelemetry(Promise.reject(new Error("no sdk")), true);
    deferred.trackEvent("lost");
    await expect(deferred.flush()).resolves.toBeUndefined();
  });

  it("is off without a connection string", () => {
    const example = {
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      COSMOS_ENDPOINT: "https://127.0.0.1:8081",
      GRAPH_CLIENT_ID: "c",
      GRAPH_CLIENT_SECRET: "s",
      API_AUTH_ISSUER: "https://127.0.0.1:7100/{tid}/v2.0",
      API_AUTH_JWKS_URL: "http://127.0.0.1:7100/common/discovery/v2.0/keys",
      API_AUTH_AUDIENCE: "api://x",
    };
    expect(telemetryFromSettings(loadSettings(example)).enabled).toBe(false);
    expect(
      telemetryFromSettings(
        loadSettings({
          ...example,
          APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-0000-0000-0000-000000000000",
        }),
      ).enabled,
    ).toBe(true);
  });
});
