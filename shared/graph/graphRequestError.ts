// A failed Graph call with its stable reason code and a sanitized message (never a token or raw payload).
import type { ReasonCode } from "../domain/reasonCodes.js";
import { sanitizeMessage } from "../domain/sanitize.js";

export class GraphRequestError extends Error {
  override readonly name = "GraphRequestError";
  constructor(
    readonly reasonCode: ReasonCode,
    /** HTTP status; null when no answer arrived (connection dropped, timeout). */
    readonly status: number | null,
    /** Graph's error code (e.g. TooManyRequests, Forbidden), when it sent one. */
    readonly graphCode: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Maps a Graph status (and code) to the ledger's reason code. */
export function reasonCodeForStatus(status: number | null, graphCode: string | null = null): ReasonCode {
  if (status === null) return "graph_unavailable";
  if (status === 429) return "graph_throttled";
  if (status === 401) return "graph_unauthorized";
  if (status === 403) return "graph_forbidden";
  if (status === 404) return "graph_not_found";
  if (status === 400 || status === 405 || status === 409 || status === 422 || status === 424) {
    return graphCode === "Request_ResourceNotFound" ? "graph_not_found" : "graph_bad_request";
  }
  if (status === 408) return "dependency_timeout";
  if (status >= 500) return "graph_unavailable";
  return "unknown";
}

/** Reads Graph's `{error:{code,message}}` envelope from a parsed or raw body. */
export function graphErrorParts(body: unknown): { code: string | null; message: string } {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return { code: null, message: "" };
    }
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : null,
    message: typeof error?.message === "string" ? error.message : "",
  };
}

export function graphRequestError(status: number | null, body: unknown, context: string): GraphRequestError {
  const { code, message } = graphErrorParts(body);
  const head = status === null ? "no answer" : `${status}${code === null ? "" : ` ${code}`}`;
  return new GraphRequestError(
    reasonCodeForStatus(status, code),
    status,
    code,
    sanitizeMessage(`${context}: ${head}${message === "" ? "" : `: ${message}`}`),
  );
}
