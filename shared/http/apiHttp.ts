// The request/response shape the API layer works with: our own, so that shared/ never depends on
// @azure/functions. Trigger adapters convert to and from it.

/** Largest request body the API reads (bytes); larger bodies answer 413 before parsing. */
export const maxBodyBytes = 64 * 1024;

export interface ApiRequest {
  method: string;
  /** Path without query string, e.g. `/api/workspaces/ws-1/runs`. */
  path: string;
  /** Route parameters as the router matched them (still untrusted strings). */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** Raw body text; null when the request has none. */
  body: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value; adapters serialize it. Undefined means no body. */
  body?: unknown;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body };
}
