// The Durable HTTP API the durable-functions client calls (rpcBaseUrl) and that createCheckStatusResponse
// links point to: /runtime/webhooks/durabletask/{orchestrators,instances}/...
import type { InstanceQuery, InstanceRecord, RuntimeStatus } from "./durableStore.js";
import { InstanceStateError, type DurableHost } from "./durableHost.js";
import { EventType, eventTypeNames, type HistoryEvent } from "./historyEvents.js";

export const managementBasePath = "/runtime/webhooks/durabletask/";

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The durable client input binding payload (OrchestrationClientInputData). */
export function clientBindingPayload(origin: string, hubName: string): Record<string, unknown> {
  const base = `${origin}${managementBasePath}`;
  const hubQuery = `taskHub=${encodeURIComponent(hubName)}&connection=Storage`;
  const instance = `${base}instances/INSTANCEID`;
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}orchestrators/{functionName}[/{instanceId}]?${hubQuery}`,
      createAndWaitOnNewInstancePostUri: `${base}orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${hubQuery}`,
    },
    managementUrls: managementUrls(origin, hubName, "INSTANCEID"),
    baseUrl: `${origin}/runtime/webhooks/durabletask`,
    requiredQueryStringParameters: hubQuery,
    rpcBaseUrl: base,
    httpBaseUrl: `${origin}/runtime/webhooks/durabletask`,
    instance,
  };
}

export function managementUrls(origin: string, hubName: string, instanceId: string): Record<string, string> {
  const hubQuery = `taskHub=${encodeURIComponent(hubName)}&connection=Storage`;
  const instance = `${origin}${managementBasePath}instances/${instanceId}`;
  return {
    id: instanceId,
    purgeHistoryDeleteUri: `${instance}?${hubQuery}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${hubQuery}`,
    statusQueryGetUri: `${instance}?${hubQuery}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${hubQuery}`,
    resumePostUri: `${instance}/resume?reason={text}&${hubQuery}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${hubQuery}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${hubQuery}`,
    restartPostUri: `${instance}/restart?${hubQuery}`,
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function historyView(events: HistoryEvent[], withOutput: boolean): Record<string, unknown>[] {
  const scheduled = new Map<number, HistoryEvent>();
  const view: Record<string, unknown>[] = [];
  for (const e of events) {
    if (
      e.EventType === EventType.TaskScheduled ||
      e.EventType === EventType.SubOrchestrationInstanceCreated
    ) {
      scheduled.set(e.EventId, e);
    }
    if (e.EventType === EventType.OrchestratorStarted || e.EventType === EventType.OrchestratorCompleted)
      continue;
    if (e.EventType === EventType.TaskScheduled || e.EventType === EventType.SubOrchestrationInstanceCreated)
      continue;
    const item: Record<string, unknown> = {
      EventType: eventTypeNames[e.EventType] ?? String(e.EventType),
      Timestamp: e.Timestamp,
    };
    const source = e.TaskScheduledId !== undefined ? scheduled.get(e.TaskScheduledId) : undefined;
    if (source) {
      item.FunctionName = source.Name;
      item.ScheduledTime = source.Timestamp;
    }
    if (e.EventType === EventType.ExecutionStarted) item.FunctionName = e.Name;
    if (e.EventType === EventType.EventRaised) item.Name = e.Name;
    if (e.EventType === EventType.TimerCreated || e.EventType === EventType.TimerFired)
      item.FireAt = e.FireAt;
    if (e.EventType === EventType.ExecutionCompleted) item.OrchestrationStatus = e.OrchestrationStatus;
    if (e.Reason !== undefined) item.Reason = e.Reason;
    if (withOutput && e.Result !== undefined) item.Result = parseJson(e.Result ?? undefined);
    if (withOutput && e.EventType === EventType.ExecutionStarted)
      item.Input = parseJson(e.Input ?? undefined);
    view.push(item);
  }
  return view;
}

function statusBody(record: InstanceRecord, showInput: boolean): Record<string, unknown> {
  return {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: showInput ? parseJson(record.inputJson) : null,
    customStatus: parseJson(record.customStatusJson),
    output: parseJson(record.outputJson),
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
  };
}

const inProgress: readonly RuntimeStatus[] = ["Pending", "Running", "ContinuedAsNew", "Suspended"];

function queryFrom(params: URLSearchParams): InstanceQuery {
  const query: InstanceQuery = {};
  const statuses = params.get("runtimeStatus");
  if (statuses) query.runtimeStatus = statuses.split(",").map((s) => s.trim()) as RuntimeStatus[];
  const from = params.get("createdTimeFrom");
  if (from) query.createdTimeFrom = new Date(from).toISOString();
  const to = params.get("createdTimeTo");
  if (to) query.createdTimeTo = new Date(to).toISOString();
  const prefix = params.get("instanceIdPrefix");
  if (prefix) query.instanceIdPrefix = prefix;
  return query;
}

/** Answers one management API request; `path` is what follows managementBasePath. */
export async function handleManagementRequest(
  durable: DurableHost,
  origin: string,
  method: string,
  path: string,
  params: URLSearchParams,
  headers: Record<string, string | undefined>,
  body: string,
): Promise<ApiResponse> {
  const segments = path
    .split("/")
    .filter((s) => s !== "")
    .map(decodeURIComponent);
  const [area, first, action, extra] = segments;
  try {
    if (area === "orchestrators" && method === "POST" && first) {
      const id = await durable.startNew(first, action, body.trim() === "" ? undefined : body);
      const urls = managementUrls(origin, durable.hubName, id);
      return { status: 202, headers: { location: urls.statusQueryGetUri ?? "" }, body: urls };
    }
    if (area !== "instances") return { status: 404, body: { message: "Not found" } };
    if (!first) {
      const query = queryFrom(params);
      if (method === "DELETE") {
        const deleted = await durable.purgeBy(query);
        return deleted > 0 ? { status: 200, body: { instancesDeleted: deleted } } : { status: 404 };
      }
      if (method !== "GET") return { status: 405 };
      const top = Math.min(Math.max(Number(params.get("top") ?? "100") || 100, 1), 1000);
      const continuation = headers["x-ms-continuation-token"];
      const page = await durable.queryInstances(query, top, continuation || undefined);
      const showInput = params.get("showInput") === "true";
      return {
        status: 200,
        headers: page.continuation ? { "x-ms-continuation-token": page.continuation } : {},
        body: page.items.map((r) => statusBody(r, showInput)),
      };
    }
    const reason = params.get("reason") ?? "";
    if (method === "POST" && action === "raiseEvent" && extra) {
      await durable.raiseEvent(first, extra, body.trim() === "" ? undefined : body);
      return { status: 202 };
    }
    if (method === "POST" && action === "terminate") {
      await durable.terminate(first, reason);
      return { status: 202 };
    }
    if (method === "POST" && action === "suspend") {
      await durable.suspend(first, reason);
      return { status: 202 };
    }
    if (method === "POST" && action === "resume") {
      await durable.resume(first, reason);
      return { status: 202 };
    }
    if (method === "POST" && (action === "rewind" || action === "restart")) {
      return { status: 501, body: { message: `${action} is not supported by the local host` } };
    }
    if (method === "DELETE" && !action) {
      return (await durable.purge(first)) ? { status: 200, body: { instancesDeleted: 1 } } : { status: 404 };
    }
    if (method === "GET" && !action) {
      const record = await durable.getInstance(first);
      if (!record) return { status: 404, body: { message: `No instance with ID '${first}' found.` } };
      const result = statusBody(record, params.get("showInput") !== "false");
      if (params.get("showHistory") === "true") {
        result.historyEvents = historyView(
          await durable.getHistory(first),
          params.get("showHistoryOutput") === "true",
        );
      }
      const running = inProgress.includes(record.runtimeStatus);
      return {
        status: running ? 202 : 200,
        headers: running
          ? {
              location: managementUrls(origin, durable.hubName, first).statusQueryGetUri ?? "",
              "retry-after": "10",
            }
          : {},
        body: result,
      };
    }
    return { status: 404, body: { message: "Not found" } };
  } catch (err) {
    if (err instanceof InstanceStateError) return { status: err.status, body: { message: err.message } };
    throw err;
  }
}
