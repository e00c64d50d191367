// The status half of OrchestrationControl over the durable client: an unknown instance (the extension
// answers 404, which durable-functions throws as an Error) is `null`, as the port promises.
import type { DurableClient } from "durable-functions";

import type { OrchestrationControl } from "../../shared/ports/orchestrationControl.js";

export function durableStatusReader(client: DurableClient): Pick<OrchestrationControl, "getStatus"> {
  return {
    async getStatus(instanceId) {
      try {
        const status = await client.getStatus(instanceId, { showInput: false });
        return { instanceId, runtimeStatus: status.runtimeStatus, output: status.output };
      } catch (error) {
        if (error instanceof Error && / 404 /.test(error.message)) return null;
        throw error;
      }
    },
  };
}
