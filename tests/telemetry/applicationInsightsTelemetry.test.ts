// End to end through the real applicationinsights SDK: run transitions, dependencies, exceptions and traces
// reach a local ingestion endpoint over HTTPS, with the expected dimensions and none of the planted secrets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTelemetry } from "../../shared/telemetry/createTelemetry.js";
import type { Telemetry } from "../../shared/telemetry/telemetry.js";
import { describeHttpDependency, trackDependencyCall } from "../../shared/telemetry/trackDependencyCall.js";
import { IngestionCollector } from "./ingestionCollector.js";
import { completedRun, queuedRun, runningRun } from "./runFixtures.js";

// Keep the SDK's own usage statistics (sent to Microsoft, not to us) out of a loopback-only test.
process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = "true";
process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = "true";

// A fake canary JWT, assembled so secret scanners do not mistake it for a real token.
const jwt = [
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9",
  "eyJ1cG4iOiJhbGljZUBjb250b3NvLmNvbSIsInRpZCI6IjEifQ",
  "c2lnbmF0dXJlLWJ5dGVz",
].join(".");
const graphClientSecret = "planted-graph-secret-do-not-leak";
const cosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
const storageAccountKey = "Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJD";
const upn = "alice.operator@contoso.onmicrosoft.com";
const email = "bob@fabrikam.com";
const planted = [jwt, graphClientSecret, cosmosKey, storageAccountKey, upn, email, "bearer-opaque-value-123"];

let collector: IngestionCollector;
let telemetry: Telemetry;

beforeAll(async () => {
  collector = await IngestionCollector.start();
  telemetry = await createTelemetry(
    {
      APPLICATIONINSIGHTS_CONNECTION_STRING: collector.connectionString,
      GRAPH_CLIENT_SECRET: graphClientSecret,
      COSMOS_KEY: cosmosKey,
      AzureWebJobsStorage: undefined,
    },
    {
      exporter: { tlsOptions: { ca: collector.ca }, disableOfflineStorage: true },
      roleName: "intune-ops-api",
    },
  );

  // Secrets planted in every place a careless caller could put them.
  const leaky = {
    initiatorName: upn,
    context: { reason: `requested by ${email} with Bearer bearer-opaque-value-123`, note: jwt },
  };
  telemetry.trackRunTransition(queuedRun(leaky));
  telemetry.trackRunTransition(runningRun(leaky));
  telemetry.trackRunTransition(
    completedRun({
      ...leaky,
      failureSummary: [
        {
          code: "assignments.fetch.item",
          reasonCode: "graph_forbidden",
          message: `token ${jwt} secret ${graphClientSecret}`,
        },
      ],
    }),
  );
  await trackDependencyCall(
    telemetry,
    describeHttpDependency(
      "graph",
      "GET",
      `https://graph.microsoft.com/beta/users?$filter=userPrincipalName eq '${upn}'&client_secret=${graphClientSecret}`,
    ),
    () => Promise.resolve({ status: 200 }),
    (r) => r.status,
  );
  await expect(
    trackDependencyCall(telemetry, { kind: "cosmos", name: "create runs", target: "cosmos:runs" }, () =>
      Promise.reject(Object.assign(new Error("Request rate is large"), { code: 429 })),
    ),
  ).rejects.toThrow("Request rate is large");
  telemetry.trackException(
    new Error(`Graph said no to ${upn} using ${jwt}; AccountEndpoint=x;AccountKey=${storageAccountKey};`),
    { authorization: "Bearer bearer-opaque-value-123", operationRunId: "run-7f3c2a", COSMOS_KEY: cosmosKey },
  );
  telemetry.trackTrace(`signed in as ${email} with secret ${graphClientSecret}`, "warning", {
    operationRunId: "run-7f3c2a",
  });
  await telemetry.flush();
});

afterAll(async () => {
  await telemetry.shutdown();
  await collector.stop();
});

describe("Application Insights telemetry through a local ingestion endpoint", () => {
  it("is enabled and posts to the track endpoint", () => {
    expect(telemetry.enabled).toBe(true);
    expect(collector.paths.length).toBeGreaterThan(0);
    expect(collector.paths.every((p) => p === "/v2.1/track" || p === "/v2/track")).toBe(true);
  });

  it("sends one OperationRunTransition event per transition with the run's ids and figures", () => {
    const events = collector.ofType("EventData").filter((e) => e.name === "OperationRunTransition") as {
      properties: Record<string, string>;
      measurements: Record<string, number>;
    }[];
    expect(events.map((e) => e.properties.status).sort()).toEqual(["completed", "queued", "running"]);
    for (const e of events) {
      expect(e.properties.operationRunId).toBe("run-7f3c2a");
      expect(e.properties.type).toBe("backup_set.create");
      expect(e.properties.workspaceId).toBe("ws-contoso-msp");
      expect(e.properties.tenantId).toBe("3f1c8a52-5d0e-4b7a-9c1e-2a6b9d4e7f10");
    }
    const done = events.find((e) => e.properties.status === "completed")!;
    expect(done.properties.outcome).toBe("partially_succeeded");
    expect(done.properties.reasonCodes).toBe("graph_forbidden");
    expect(done.measurements).toMatchObject({
      durationMs: 90_000,
      queuedMs: 4_000,
      failureCount: 1,
      "count.total": 10,
      "count.succeeded": 8,
      "count.failed": 2,
    });
  });

  it("sends duration and summary-count metrics with type and outcome dimensions", () => {
    const metrics = collector.ofType("MetricData") as {
      metrics: { name: string; value: number; count?: number }[];
      properties: Record<string, string>;
    }[];
    const find = (name: string, extra: Record<string, string> = {}) =>
      metrics.find(
        (m) =>
          m.metrics[0]?.name === name &&
          Object.entries(extra).every(([k, v]) => m.properties[k] === v) &&
          m.properties.type === "backup_set.create",
      );
    expect(find("OperationRun.DurationMs", { outcome: "partially_succeeded" })?.metrics[0]?.value).toBe(
      90_000,
    );
    expect(find("OperationRun.QueuedMs", { status: "running" })?.metrics[0]?.value).toBe(4_000);
    expect(find("OperationRun.SummaryCount", { countKey: "succeeded" })?.metrics[0]?.value).toBe(8);
    expect(find("OperationRun.Transitions", { status: "completed" })?.metrics[0]?.value).toBe(1);
  });

  it("sends dependencies for Graph and Cosmos, failures included", () => {
    const deps = collector.ofType("RemoteDependencyData") as {
      name: string;
      success: boolean;
      properties: Record<string, string>;
    }[];
    const graph = deps.find((d) => d.properties.dependencyKind === "graph")!;
    expect(graph).toMatchObject({ name: "GET /beta/users", success: true });
    expect(graph.properties.resultCode).toBe("200");
    expect(graph.properties.target).toBe("graph.microsoft.com");
    const cosmos = deps.find((d) => d.properties.dependencyKind === "cosmos")!;
    expect(cosmos).toMatchObject({ name: "create runs", success: false });
    expect(cosmos.properties.resultCode).toBe("429");
  });

  it("sends exceptions and traces with their dimensions, redacted", () => {
    const [exception] = collector.ofType("ExceptionData") as {
      exceptions: { message: string }[];
      properties: Record<string, string>;
    }[];
    expect(exception?.exceptions[0]?.message).toContain("Graph said no to [redacted]");
    expect(exception?.properties).toMatchObject({
      operationRunId: "run-7f3c2a",
      authorization: "[redacted]",
    });
    const traces = collector.ofType("MessageData") as { message: string; severityLevel: string }[];
    expect(traces).toContainEqual(
      expect.objectContaining({
        message: "signed in as [redacted] with secret [redacted]",
        severityLevel: "Warning",
      }),
    );
  });

  it("lets none of the planted secrets or personal data leave the process", () => {
    const sent = collector.bodies.join("\n");
    expect(sent.length).toBeGreaterThan(1000);
    for (const secret of planted) expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    expect(sent).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.(com|net|org)/);
  });
});

describe("createTelemetry without a connection string", () => {
  it("returns the no-op telemetry", async () => {
    const off = await createTelemetry({
      APPLICATIONINSIGHTS_CONNECTION_STRING: undefined,
      GRAPH_CLIENT_SECRET: undefined,
      COSMOS_KEY: undefined,
      AzureWebJobsStorage: undefined,
    });
    expect(off.enabled).toBe(false);
    off.trackRunTransition(completedRun());
    await expect(off.flush()).resolves.toBeUndefined();
  });
});
