// Shared fixtures of the reconcile tests: a settable clock, a stand-in for the Durable runtime's status
// endpoint (the only thing not run for real until the local host lands), and Cosmos document helpers.
import type { Container } from "@azure/cosmos";

import type { Clock } from "../../shared/ports/clock.js";
import type { OrchestrationControl, OrchestrationStatus } from "../../shared/ports/orchestrationControl.js";
import type { DurableApi } from "../host/durableClient.js";

export class SettableClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

export const minutesBefore = (at: Date, minutes: number): Date => new Date(at.getTime() - minutes * 60_000);

/**
 * Durable's instance store, reduced to what the reconciler asks of it (an external runtime, not our code):
 * `delayMs` stands for a slow status call, `broken` for instances whose status call fails.
 */
export class FakeDurableStatus implements OrchestrationControl {
  readonly instances = new Map<string, OrchestrationStatus>();
  readonly broken = new Set<string>();
  delayMs = 0;
  calls = 0;

  set(instanceId: string, runtimeStatus: string, output?: unknown): void {
    this.instances.set(instanceId, {
      instanceId,
      runtimeStatus,
      ...(output === undefined ? {} : { output }),
    });
  }

  start(_name: string, instanceId: string): Promise<void> {
    this.set(instanceId, "Pending");
    return Promise.resolve();
  }

  terminate(instanceId: string): Promise<void> {
    if (this.instances.has(instanceId)) this.set(instanceId, "Terminated");
    return Promise.resolve();
  }

  async getStatus(instanceId: string): Promise<OrchestrationStatus | null> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.broken.has(instanceId)) throw new Error("DurableClient error: HTTP 500 from the extension");
    return this.instances.get(instanceId) ?? null;
  }
}

export async function docsOf(
  container: Container,
  workspaceId: string,
  docType: string,
): Promise<Record<string, unknown>[]> {
  const { resources } = await container.items
    .query<Record<string, unknown>>(
      {
        query: "SELECT * FROM c WHERE c.workspaceId = @w AND c.docType = @t",
        parameters: [
          { name: "@w", value: workspaceId },
          { name: "@t", value: docType },
        ],
      },
      { partitionKey: workspaceId },
    )
    .fetchAll();
  return resources;
}

/** Instance status over a real host's Durable management API (404 = no such instance). */
export function managementStatusReader(durable: DurableApi): Pick<OrchestrationControl, "getStatus"> {
  return {
    async getStatus(instanceId: string): Promise<OrchestrationStatus | null> {
      const { http, body } = await durable.status(instanceId);
      if (http === 404 || body === undefined) return null;
      return { instanceId, runtimeStatus: body.runtimeStatus, output: body.output };
    },
  };
}
