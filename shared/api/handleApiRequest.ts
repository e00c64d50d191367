// The request pipeline every endpoint runs through: authenticate → (workspace routes) the one capability
// check → parse params, query and body → Idempotency-Key → use-case. Anything thrown becomes
// problem+json; unexpected errors are logged by name and answered as an opaque 500.
import { createHash } from "node:crypto";

import { authenticationRequired } from "../auth/authenticator.js";
import { authorize, type WorkspaceAccess } from "../auth/authorize.js";
import type { ApiRequest, ApiResponse } from "../http/apiHttp.js";
import {
  dependencyUnavailable,
  HttpProblem,
  internalError,
  isTransientDependencyError,
  notFound,
  problemResponse,
} from "../http/httpProblem.js";
import type { IdempotencyScope } from "../ports/idempotencyStore.js";
import type { ApiDeps } from "./apiDeps.js";
import type { ApiRouteDefinition, PreparedCall } from "./apiRoute.js";
import { idPattern } from "./apiSchemas.js";
import { domainProblem } from "./domainProblem.js";

/** Replays of the first answer are honoured for 24 hours. */
export const idempotencyTtlSeconds = 24 * 3600;

const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

export async function handleApiRequest(
  route: ApiRouteDefinition,
  deps: ApiDeps,
  request: ApiRequest,
): Promise<ApiResponse> {
  try {
    const principal = await deps.authenticator.authenticate(request.headers);
    const { access: routeAccess } = route.spec;
    if (routeAccess.kind !== "anonymous" && principal === null) throw authenticationRequired();
    let access: WorkspaceAccess | null = null;
    if (routeAccess.kind === "workspace" && principal !== null) {
      const workspaceId = request.params["workspaceId"] ?? "";
      // A malformed workspace id cannot name a workspace the caller belongs to: same answer as a stranger.
      if (!idPattern.test(workspaceId)) throw notFound("The workspace");
      access = await authorize(deps.directory, principal, workspaceId, routeAccess.capability);
    }
    const call = route.prepare(request, deps, principal, access);
    const key = request.headers["idempotency-key"];
    if (route.spec.idempotent && key !== undefined && access !== null) {
      return await withIdempotency(deps, route, request, access, key, call);
    }
    return await call.invoke();
  } catch (error) {
    if (error instanceof HttpProblem) return problemResponse(error);
    const mapped = domainProblem(error);
    if (mapped !== null && mapped.status < 500) return problemResponse(mapped);
    const transient = isTransientDependencyError(error) || mapped?.status === 503;
    deps.logger.error(transient ? "api.dependency.unavailable" : "api.request.failed", {
      route: route.spec.name,
      error: error instanceof Error ? error.name : "unknown",
    });
    return problemResponse(transient ? dependencyUnavailable() : internalError());
  }
}

function requestHash(route: ApiRouteDefinition, request: ApiRequest, input: unknown): string {
  return createHash("sha256")
    .update(`${route.spec.method} ${request.path}\n${canonicalJson(input)}`)
    .digest("hex");
}

/** JSON with sorted keys, so that field order does not change the request hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  });
}

async function withIdempotency(
  deps: ApiDeps,
  route: ApiRouteDefinition,
  request: ApiRequest,
  access: WorkspaceAccess,
  key: string,
  call: PreparedCall,
): Promise<ApiResponse> {
  if (!idempotencyKeyPattern.test(key)) {
    throw new HttpProblem(400, "validation", "The Idempotency-Key header is invalid.", [
      { field: "header.idempotency-key", message: "must be 1-255 visible ASCII characters" },
    ]);
  }
  const scope: IdempotencyScope = {
    workspaceId: access.workspaceId,
    principalId: access.principal.id,
    key,
    requestHash: requestHash(route, request, call.input),
  };
  const claim = await deps.idempotency.claim(scope, deps.clock.now(), idempotencyTtlSeconds);
  switch (claim.kind) {
    case "replay":
      return { ...claim.response, headers: { ...claim.response.headers, "idempotency-replayed": "true" } };
    case "mismatch":
      throw new HttpProblem(
        422,
        "idempotency-key-reused",
        "This Idempotency-Key was used for another request.",
        [{ field: "header.idempotency-key", message: "was already used with different parameters" }],
      );
    case "in_progress":
      throw new HttpProblem(
        409,
        "idempotency-in-progress",
        "A request with this Idempotency-Key is in progress.",
        [{ field: "header.idempotency-key", message: "is in use by a request still running" }],
      );
    case "owner":
      break;
  }
  let response: ApiResponse;
  try {
    response = await call.invoke();
  } catch (error) {
    const problem = error instanceof HttpProblem ? error : domainProblem(error);
    if (problem !== null && problem.status < 500) {
      await deps.idempotency.complete(scope, problemResponse(problem));
    } else {
      await deps.idempotency.abandon(scope);
    }
    throw error;
  }
  if (response.status < 500) await deps.idempotency.complete(scope, response);
  else await deps.idempotency.abandon(scope);
  return response;
}
