// One endpoint of the API: its method and path, who may call it, the zod schemas of its input and output
// (the OpenAPI document is generated from them), and its use-case. Later endpoints (backups, restores,
// reconcile, connection verification) join by adding a route to apiRoutes.ts and a trigger in functions/.
import type { z } from "zod";

import type { Capability } from "../auth/capabilities.js";
import type { WorkspaceAccess } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { ApiRequest, ApiResponse } from "../http/apiHttp.js";
import { HttpProblem } from "../http/httpProblem.js";
import { parseJsonBody, parseWith, queryObject } from "../http/parseRequest.js";
import type { ApiDeps } from "./apiDeps.js";

export type RouteAccess =
  { kind: "anonymous" } | { kind: "authenticated" } | { kind: "workspace"; capability: Capability };

export interface RouteResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  deps: ApiDeps;
  request: ApiRequest;
  principal: Principal | null;
  /** Set on workspace routes after the capability check. */
  access: WorkspaceAccess | null;
}

export interface RouteSpec<P, Q, B> {
  /** Function name and file name in functions/, e.g. `runs-list`. */
  name: string;
  method: "GET" | "POST";
  /** OpenAPI path, e.g. `/api/workspaces/{workspaceId}/runs`. */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params: z.ZodType<P>;
  query: z.ZodType<Q>;
  /** Null for routes without a body (a body sent anyway is rejected). */
  body: z.ZodType<B> | null;
  /** Mutations accept an Idempotency-Key header. */
  idempotent: boolean;
  /** The trigger binds a durable client (OrchestrationControl). */
  orchestration: boolean;
  responses: Readonly<Record<number, RouteResponseSpec>>;
  handle(ctx: RouteContext<P, Q, B>): Promise<ApiResponse>;
}

export interface PreparedCall {
  /** Canonical input for the Idempotency-Key request hash. */
  input: unknown;
  invoke(): Promise<ApiResponse>;
}

/** A route with its types erased, as the router, the pipeline and the OpenAPI generator hold it. */
export interface ApiRouteDefinition {
  readonly spec: Omit<RouteSpec<unknown, unknown, unknown>, "handle" | "params" | "query" | "body"> & {
    readonly params: z.ZodType;
    readonly query: z.ZodType;
    readonly body: z.ZodType | null;
  };
  /** Function route for app.http (path without the `/api/` prefix). */
  readonly functionRoute: string;
  prepare(
    request: ApiRequest,
    deps: ApiDeps,
    principal: Principal | null,
    access: WorkspaceAccess | null,
  ): PreparedCall;
}

export function defineRoute<P, Q, B>(spec: RouteSpec<P, Q, B>): ApiRouteDefinition {
  return {
    spec,
    functionRoute: spec.path.replace(/^\/api\//, ""),
    prepare(request, deps, principal, access) {
      const params = parseWith("params", spec.params, request.params);
      const query = parseWith("query", spec.query, queryObject(request.query));
      let body: B;
      if (spec.body === null) {
        if (request.body !== null && request.body.trim() !== "") {
          throw new HttpProblem(400, "validation", "This endpoint takes no request body.", [
            { field: "body", message: "must be empty" },
          ]);
        }
        body = undefined as B;
      } else {
        body = parseJsonBody(request, spec.body);
      }
      return {
        input: { params, query, body: body ?? null },
        invoke: () => spec.handle({ params, query, body, deps, request, principal, access }),
      };
    },
  };
}
