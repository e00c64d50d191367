// Converts between @azure/functions' HTTP types and the API's own request/response shape, and builds the
// app.http options of a route: method, route template, anonymous auth level (the API authenticates
// itself), and a durable client input on routes that start or terminate orchestrations.
import type { HttpFunctionOptions, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";

import type { ApiRouteDefinition } from "../../shared/api/apiRoute.js";
import { handleApiRequest } from "../../shared/api/handleApiRequest.js";
import { type ApiRequest, type ApiResponse, maxBodyBytes } from "../../shared/http/apiHttp.js";
import { dependencyUnavailable, HttpProblem, problemResponse } from "../../shared/http/httpProblem.js";
import { apiRuntime } from "./apiRuntime.js";
import { DurableOrchestrationControl } from "./durableOrchestrationControl.js";
import { orchestrationStarts } from "./orchestrationStarts.js";

const tooLarge = (): ApiResponse =>
  problemResponse(
    new HttpProblem(413, "body-too-large", `The request body exceeds ${maxBodyBytes} bytes.`, [
      { field: "body", message: `must be at most ${maxBodyBytes} bytes` },
    ]),
  );

/** Reads the request; a declared body over the limit answers 413 without being read. */
export async function toApiRequest(request: HttpRequest): Promise<ApiRequest | ApiResponse> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge();
  const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    params: { ...request.params },
    query: request.query,
    headers,
    body: text === "" ? null : text,
  };
}

export function toHttpResponse(response: ApiResponse): HttpResponseInit {
  return {
    status: response.status,
    headers: response.headers,
    ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
  };
}

export function apiHandler(route: ApiRouteDefinition) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const parsed = await toApiRequest(request);
    if (!("path" in parsed)) return toHttpResponse(parsed);
    let composed;
    try {
      composed = await apiRuntime();
    } catch (error) {
      context.error("api.compose.failed", error instanceof Error ? error.message : "unknown");
      return toHttpResponse(problemResponse(dependencyUnavailable()));
    }
    const response = await handleApiRequest(
      route,
      {
        ...composed.deps,
        logger: {
          error: (message, facts) => {
            context.error(message, facts);
          },
        },
        orchestration: route.spec.orchestration
          ? new DurableOrchestrationControl(df.getClient(context))
          : null,
        orchestrationStarts,
      },
      parsed,
    );
    return toHttpResponse(response);
  };
}

export function apiHttpOptions(route: ApiRouteDefinition): HttpFunctionOptions {
  return {
    methods: [route.spec.method],
    route: route.functionRoute,
    authLevel: "anonymous",
    ...(route.spec.orchestration ? { extraInputs: [df.input.durableClient()] } : {}),
    handler: apiHandler(route),
  };
}
