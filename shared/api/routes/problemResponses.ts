// The problem+json answers routes document in OpenAPI, by status.
import { problemSchema } from "../../http/httpProblem.js";
import type { RouteResponseSpec } from "../apiRoute.js";

const descriptions: Readonly<Record<number, string>> = {
  400: "Invalid input (problem+json naming the fields)",
  401: "Not authenticated",
  403: "Member without the capability",
  404: "Not a member of the workspace, or the resource is not in it",
  409: "Conflict with the resource's state",
  413: "Body larger than the limit",
  415: "Body is not application/json",
  422: "Idempotency-Key reused with other parameters",
  503: "A dependency is unavailable",
};

export function problems(...statuses: number[]): Record<number, RouteResponseSpec> {
  const out: Record<number, RouteResponseSpec> = {};
  for (const status of statuses) {
    out[status] = { description: descriptions[status] ?? "Error", schema: problemSchema };
  }
  return out;
}

/** Answers of every workspace route. */
export const workspaceProblems = (): Record<number, RouteResponseSpec> => problems(400, 401, 403, 404, 503);

/** Answers of every mutating workspace route with a JSON body. */
export const mutationProblems = (): Record<number, RouteResponseSpec> =>
  problems(400, 401, 403, 404, 409, 413, 415, 422, 503);
