// OrchestrationControl on the Durable client of the current invocation (df.getClient). Terminating an
// instance that does not exist or already finished is not an error: cancel still completes the run.
import type { DurableClient } from "durable-functions";

import type { OrchestrationControl, OrchestrationStatus } from "../../shared/ports/orchestrationControl.js";

const activeStatuses = new Set(["Pending", "Running", "ContinuedAsNew", "Suspended"]);

const isNotFound = (error: unknown): boolean => error instanceof Error && /\bHTTP 404\b/.test(error.message);

export class DurableOrchestrationControl implements OrchestrationControl {
  constructor(private readonly client: DurableClient) {}

  async start(name: string, instanceId: string, input: unknown): Promise<void> {
    await this.client.startNew(name, { instanceId, input });
  }

  async getStatus(instanceId: string): Promise<OrchestrationStatus | null> {
    try {
      const status = await this.client.getStatus(instanceId);
      return { instanceId, runtimeStatus: status.runtimeStatus };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    const status = await this.getStatus(instanceId);
    if (status === null || !activeStatuses.has(status.runtimeStatus)) return;
    try {
      await this.client.terminate(instanceId, reason);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
