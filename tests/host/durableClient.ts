// Test helper: talks to the local host's Durable management API from outside, as an operator would.
export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: { EventType: string; FunctionName?: string; Result?: unknown }[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class DurableApi {
  constructor(readonly baseUrl: string) {}

  get webhook(): string {
    return `${this.baseUrl}/runtime/webhooks/durabletask`;
  }

  /** Starts through the fixture's HTTP starter (durable client binding + createCheckStatusResponse). */
  async start(
    name: string,
    input?: unknown,
    instanceId?: string,
  ): Promise<{ id: string; statusQueryGetUri: string }> {
    const response = await fetch(
      `${this.baseUrl}/api/orchestrators/${name}${instanceId ? `/${instanceId}` : ""}`,
      {
        method: "POST",
        body: input === undefined ? "" : JSON.stringify(input),
      },
    );
    if (response.status !== 202)
      throw new Error(`start ${name}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; statusQueryGetUri: string };
  }

  async status(id: string, query = ""): Promise<{ http: number; body: InstanceStatus | undefined }> {
    const response = await fetch(`${this.webhook}/instances/${encodeURIComponent(id)}${query}`);
    const text = await response.text();
    return { http: response.status, body: text === "" ? undefined : (JSON.parse(text) as InstanceStatus) };
  }

  async waitFor(
    id: string,
    statuses: string[] = ["Completed", "Failed", "Terminated"],
    timeoutMs = 60_000,
  ): Promise<InstanceStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.status(id);
      if (body && statuses.includes(body.runtimeStatus)) return body;
      if (Date.now() > deadline) throw new Error(`instance ${id} still ${body?.runtimeStatus ?? "missing"}`);
      await sleep(100);
    }
  }

  async post(path: string, body?: unknown): Promise<number> {
    const response = await fetch(`${this.webhook}/${path}`, {
      method: "POST",
      body: body === undefined ? "" : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    await response.arrayBuffer();
    return response.status;
  }
}
