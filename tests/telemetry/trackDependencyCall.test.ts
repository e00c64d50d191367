import { describe, expect, it } from "vitest";

import { NoopTelemetry } from "../../shared/telemetry/noopTelemetry.js";
import type { DependencyCall } from "../../shared/telemetry/telemetry.js";
import { describeHttpDependency, trackDependencyCall } from "../../shared/telemetry/trackDependencyCall.js";

/** Records dependency calls; the rest of the port stays a no-op. */
class RecordingTelemetry extends NoopTelemetry {
  readonly calls: DependencyCall[] = [];
  override trackDependency(call: DependencyCall): void {
    this.calls.push(call);
  }
}

describe("describeHttpDependency", () => {
  it("names the call by method and path, without the query string", () => {
    expect(
      describeHttpDependency(
        "graph",
        "get",
        "https://graph.microsoft.com/beta/groups?$filter=mail eq 'a@b.com'",
      ),
    ).toEqual({
      kind: "graph",
      name: "GET /beta/groups",
      target: "graph.microsoft.com",
      data: "https://graph.microsoft.com/beta/groups",
    });
  });
});

describe("trackDependencyCall", () => {
  it("tracks a success with its result code and returns the result", async () => {
    const t = new RecordingTelemetry();
    const result = await trackDependencyCall(
      t,
      { kind: "cosmos", name: "read runs", target: "cosmos:runs" },
      () => Promise.resolve({ statusCode: 200, value: 7 }),
      (r) => r.statusCode,
    );
    expect(result.value).toBe(7);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ kind: "cosmos", name: "read runs", success: true, resultCode: 200 });
    expect(t.calls[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("tracks a failure with the error's status and rethrows it unchanged", async () => {
    const t = new RecordingTelemetry();
    const error = Object.assign(new Error("conflict"), { statusCode: 409 });
    await expect(
      trackDependencyCall(t, { kind: "cosmos", name: "create lock", target: "cosmos:runs" }, () =>
        Promise.reject(error),
      ),
    ).rejects.toBe(error);
    expect(t.calls[0]).toMatchObject({ success: false, resultCode: 409 });
  });
});
