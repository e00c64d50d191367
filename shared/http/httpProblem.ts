// RFC 9457 problem details: the one error shape of the API. Every 4xx/5xx answer is built here, naming the
// offending fields, never echoing input values, stack traces or store errors.
import { z } from "zod";

import type { ApiResponse } from "./apiHttp.js";

export const problemContentType = "application/problem+json";

export const fieldErrorSchema = z.object({
  /** Where the bad value is: `body.displayName`, `query.limit`, `params.runId`, `header.idempotency-key`. */
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .meta({ id: "Problem", description: "application/problem+json (RFC 9457)" });
export type Problem = z.infer<typeof problemSchema>;

const titles: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** A failure the API answers as problem+json; `slug` becomes the problem type. */
export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${slug}: ${detail}`);
  }
}

export function problemResponse(problem: HttpProblem): ApiResponse {
  const body: Problem = {
    type: `/problems/${problem.slug}`,
    title: titles[problem.status] ?? "Error",
    status: problem.status,
    detail: problem.detail,
    errors: [...problem.errors],
  };
  return {
    status: problem.status,
    headers: { ...problem.headers, "content-type": problemContentType },
    body,
  };
}

export const notFound = (what: string): HttpProblem =>
  new HttpProblem(404, "not-found", `${what} was not found.`);

export const badRequest = (field: string, message: string): HttpProblem =>
  new HttpProblem(400, "invalid-request", "The request is invalid.", [{ field, message }]);

/** Anything unexpected becomes an opaque 500; the cause is logged by the caller, never returned. */
export const internalError = (): HttpProblem =>
  new HttpProblem(500, "internal", "The request could not be completed. Try again later.");

/** A dependency (store, Durable) failed transiently: 503 with Retry-After, reason `store_unavailable`. */
export const dependencyUnavailable = (): HttpProblem =>
  new HttpProblem(503, "store_unavailable", "A dependency is temporarily unavailable. Retry shortly.", [], {
    "retry-after": "5",
  });

const transientStatuses = new Set<unknown>([408, 429, 449, 502, 503, 504]);
const transientCodes = new Set<unknown>(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);

/** Throttling, timeouts and dropped connections of Cosmos DB and HTTP clients. */
export function isTransientDependencyError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error ? error.code : undefined;
  const statusCode = "statusCode" in error ? error.statusCode : undefined;
  return (
    transientStatuses.has(code) ||
    transientStatuses.has(statusCode) ||
    transientCodes.has(code) ||
    (error instanceof Error && error.name === "TimeoutError")
  );
}
