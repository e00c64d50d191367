// The durable-client adapter: statuses pass through with their output; the extension's 404 (thrown by
// durable-functions as an Error) is "no such instance"; other failures propagate.
import type { DurableClient, DurableOrchestrationStatus } from "durable-functions";
import { describe, expect, it } from "vitest";

import { durableStatusReader } from "../../functions/adapters/durableStatusReader.js";

function clientAnswering(answer: () => Promise<Partial<DurableOrchestrationStatus>>): DurableClient {
  return { getStatus: answer } as unknown as DurableClient;
}

describe("durableStatusReader", () => {
  it("passes runtime status and output through", async () => {
    const reader = durableStatusReader(
      clientAnswering(() =>
        Promise.resolve({ runtimeStatus: "Completed" as never, output: { outcome: "succeeded" } }),
      ),
    );
    expect(await reader.getStatus("run-1")).toEqual({
      instanceId: "run-1",
      runtimeStatus: "Completed",
      output: { outcome: "succeeded" },
    });
  });

  it("maps the extension's 404 to null and lets other errors through", async () => {
    const missing = durableStatusReader(
      clientAnswering(() =>
        Promise.reject(
          new Error(
            "DurableClient error: Durable Functions extension replied with HTTP 404 response. This usually means we could not find any data associated with the instanceId provided: run-2.",
          ),
        ),
      ),
    );
    expect(await missing.getStatus("run-2")).toBeNull();
    const failing = durableStatusReader(
      clientAnswering(() => Promise.reject(new Error("DurableClient error: HTTP 500"))),
    );
    await expect(failing.getStatus("run-3")).rejects.toThrow("HTTP 500");
  });
});
