// Same-origin JSON calls to the API; problem+json answers become ApiError, bodies are checked with zod.
import type { z } from "zod";

import { problemSchema, type Problem } from "../domain/contracts.js";
import { appEnv } from "../env.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
}

export type Query = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return `${appEnv.apiBase}${path}${qs ? `?${qs}` : ""}`;
}

async function parseResponse<T extends z.ZodType>(res: Response, schema: T): Promise<z.infer<T>> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const parsed = problemSchema.safeParse(body);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data : { title: res.statusText, status: res.status },
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(502, {
      title: "Unexpected answer",
      detail: "The API answered in an unexpected shape.",
    });
  }
  return parsed.data;
}

export async function getJson<T extends z.ZodType>(
  path: string,
  schema: T,
  query?: Query,
  signal?: AbortSignal,
): Promise<z.infer<T>> {
  const res = await fetch(apiUrl(path, query), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    ...(signal ? { signal } : {}),
  });
  return parseResponse(res, schema);
}

export async function postJson<T extends z.ZodType>(
  path: string,
  schema: T,
  body?: unknown,
  options: { idempotencyKey?: string } = {},
): Promise<z.infer<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  const res = await fetch(apiUrl(path), {
    method: "POST",
    credentials: "same-origin",
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return parseResponse(res, schema);
}

/** A fresh key per user action, so a double click or a retried request starts work once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export const wsPath = (workspaceId: string): string => `/workspaces/${encodeURIComponent(workspaceId)}`;
