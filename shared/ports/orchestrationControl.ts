// Starting, inspecting and terminating Durable orchestrations. The HTTP trigger adapter implements it with
// the durable client (df.getClient), so use-cases in shared/ stay free of durable-functions.
export interface OrchestrationStatus {
  instanceId: string;
  /** Durable runtime status: Pending, Running, Completed, ContinuedAsNew, Failed, Terminated, Suspended. */
  runtimeStatus: string;
  /** The orchestrator's output once Completed (e.g. `{ outcome, summaryCounts }`); absent when unknown. */
  output?: unknown;
}

export interface OrchestrationControl {
  /** Starts orchestrator `name` with instance id = the run id. */
  start(name: string, instanceId: string, input: unknown): Promise<void>;
  /** Null when no such instance exists. */
  getStatus(instanceId: string): Promise<OrchestrationStatus | null>;
  /** Terminates a running instance; resolves quietly when it does not exist or has already finished. */
  terminate(instanceId: string, reason: string): Promise<void>;
}
