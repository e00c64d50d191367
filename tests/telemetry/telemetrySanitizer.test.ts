import { describe, expect, it } from "vitest";

import { REDACTED, TelemetrySanitizer } from "../../shared/telemetry/telemetrySanitizer.js";

const s = new TelemetrySanitizer(["local-simulator-secret"]);

describe("TelemetrySanitizer.text", () => {
  it.each([
    ["a JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-part_1 end", `token ${REDACTED} end`],
    ["a bearer header", "Authorization: Bearer abc.def-123", `Authorization: Bearer ${REDACTED}`],
    ["an e-mail", "mail carol@contoso.com now", `mail ${REDACTED} now`],
    ["a UPN", "upn dave.o'neil@tenant.onmicrosoft.com", `upn ${REDACTED}`],
    [
      "a storage connection string",
      "DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=abc/def==;EndpointSuffix=core.windows.net",
      `DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=${REDACTED};EndpointSuffix=core.windows.net`,
    ],
    [
      "a query-string secret",
      "/token?client_secret=s3cr3t&grant=x",
      `/token?client_secret=${REDACTED}&grant=x`,
    ],
    ["a SAS signature", "blob?sv=2022&sig=AbC%2Fd", `blob?sv=2022&sig=${REDACTED}`],
    ["a known secret inside text", "pw=local-simulator-secret!", `pw=${REDACTED}!`],
    ["a high-entropy key", "key Q2x1ZW50U2VjcmV0VmFsdWUxMjM0NTY3ODkw here", `key ${REDACTED} here`],
    ["an Entra client secret", "s 7Xq8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", `s ${REDACTED}`],
  ])("redacts %s", (_label, input, expected) => {
    expect(s.text(input)).toBe(expected);
  });

  it.each([
    ["a GUID", "3f1c8a52-5d0e-4b7a-9c1e-2a6b9d4e7f10"],
    ["a sha256 run identity hash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["a reason code", "graph_throttled"],
    ["a Graph path", "GET /beta/deviceManagement/configurationPolicies/3f1c8a52-5d0e-4b7a-9c1e-2a6b9d4e7f10"],
    [
      "a stack frame",
      "at ApplicationInsightsTelemetry.trackRunTransition (/home/site/wwwroot/dist/x.js:10:5)",
    ],
  ])("keeps %s", (_label, input) => {
    expect(s.text(input)).toBe(input);
  });

  it("bounds long text", () => {
    expect(s.text("x ".repeat(5000)).length).toBeLessThanOrEqual(2049);
  });
});

describe("TelemetrySanitizer.properties", () => {
  it("redacts secret-named properties, drops empty ones and stringifies the rest", () => {
    expect(
      s.properties({
        operationRunId: "run-1",
        clientSecret: "anything",
        accessToken: "x",
        connectionString: "y",
        password: "z",
        email: "e",
        failureCount: 2,
        dryRun: false,
        tenantId: null,
        missing: undefined,
      }),
    ).toEqual({
      operationRunId: "run-1",
      clientSecret: REDACTED,
      accessToken: REDACTED,
      connectionString: REDACTED,
      password: REDACTED,
      email: REDACTED,
      failureCount: "2",
      dryRun: "false",
    });
  });

  it("keeps finite measurements only", () => {
    expect(s.measurements({ a: 1, b: Number.NaN, c: Infinity })).toEqual({ a: 1 });
  });
});

describe("TelemetrySanitizer.error", () => {
  it("copies name, message and stack redacted", () => {
    const original = new TypeError("failed for carol@contoso.com using local-simulator-secret");
    const safe = s.error(original);
    expect(safe.name).toBe("TypeError");
    expect(safe.message).toBe(`failed for ${REDACTED} using ${REDACTED}`);
    expect(safe.stack).not.toContain("carol@contoso.com");
    expect(safe.stack).toContain("telemetrySanitizer.test");
  });

  it("turns non-errors into errors", () => {
    expect(s.error("plain bob@x.org").message).toBe(`plain ${REDACTED}`);
    expect(s.error({ odd: true }).message).toBe("Non-Error value thrown");
  });
});
