import { describe, expect, it } from "vitest";

import { ConfigError, loadSettings } from "../../../shared/config/settings.js";

const valid = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  COSMOS_ENDPOINT: "https://127.0.0.1:8081",
  COSMOS_KEY: "k",
  GRAPH_CLIENT_ID: "client",
  GRAPH_CLIENT_SECRET: "secret",
  API_AUTH_ISSUER: "http://127.0.0.1:7100/{tid}/v2.0",
  API_AUTH_JWKS_URL: "http://127.0.0.1:7100/common/discovery/v2.0/keys",
  API_AUTH_AUDIENCE: "api://x",
};

describe("loadSettings", () => {
  it("applies local defaults for non-secret settings", () => {
    const s = loadSettings(valid);
    expect(s.COSMOS_DATABASE).toBe("intune-ops");
    expect(s.ASSIGNMENT_COOLDOWN_MINUTES).toBe(15);
    expect(s.RECONCILE_SCHEDULE).toBe("0 */5 * * * *");
  });

  it("names a missing setting in one line", () => {
    const { COSMOS_ENDPOINT: _omit, ...rest } = valid;
    expect(() => loadSettings(rest)).toThrowError(new ConfigError("COSMOS_ENDPOINT", "is missing"));
  });

  it("never defaults a secret", () => {
    const { GRAPH_CLIENT_SECRET: _omit, ...rest } = valid;
    expect(() => loadSettings(rest)).toThrow(/GRAPH_CLIENT_SECRET is required/);
  });

  it("reads the per-tenant Graph budget (Intune's per-app limits by default), naming a bad value", () => {
    expect(loadSettings(valid)).toMatchObject({
      GRAPH_TENANT_REQUESTS_PER_20S: 1000,
      GRAPH_TENANT_WRITES_PER_20S: 100,
    });
    expect(
      loadSettings({ ...valid, GRAPH_TENANT_REQUESTS_PER_20S: "250", GRAPH_TENANT_WRITES_PER_20S: "25" }),
    ).toMatchObject({ GRAPH_TENANT_REQUESTS_PER_20S: 250, GRAPH_TENANT_WRITES_PER_20S: 25 });
    expect(() => loadSettings({ ...valid, GRAPH_TENANT_WRITES_PER_20S: "0" })).toThrow(
      /GRAPH_TENANT_WRITES_PER_20S/,
    );
  });

  it("rejects a malformed schedule, naming it", () => {
    expect(() => loadSettings({ ...valid, RECONCILE_SCHEDULE: "*/5 * * * *" })).toThrow(/RECONCILE_SCHEDULE/);
  });

  it("reads the example local settings file as valid", async () => {
    const { readFile } = await import("node:fs/promises");
    const example = JSON.parse(await readFile("local.settings.example.json", "utf8")) as {
      Values: Record<string, string>;
    };
    expect(() => loadSettings(example.Values)).not.toThrow();
  });
});
