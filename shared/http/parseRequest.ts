// zod parsing of route params, query and JSON body into typed values, or a 400/413/415 problem naming
// each bad field. Schemas are strict: unknown query parameters and body fields are rejected.
import type { z } from "zod";

import { type ApiRequest, maxBodyBytes } from "./apiHttp.js";
import { type FieldError, HttpProblem } from "./httpProblem.js";

type Location = "params" | "query" | "body";

/** Field names can come from the caller (unknown keys): bounded and reduced to safe characters. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "?");
  return cleaned.length > 64 ? `${cleaned.slice(0, 64)}…` : cleaned;
}

function fieldErrors(location: Location, error: z.core.$ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [location, ...issue.path.map((p) => safeName(String(p)))].join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ field: `${base}.${safeName(key)}`, message: "is not a known field" });
      }
    } else {
      out.push({ field: base, message: issue.message });
    }
  }
  return out.slice(0, 20);
}

function validationProblem(location: Location, error: z.core.$ZodError): HttpProblem {
  return new HttpProblem(
    400,
    "validation",
    `The request ${location} is invalid.`,
    fieldErrors(location, error),
  );
}

export function parseWith<S extends z.ZodType>(location: Location, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationProblem(location, result.error);
  return result.data;
}

/**
 * Query string to a plain object; a repeated parameter is ambiguous and rejected. No prototype, so that a
 * `__proto__` parameter is an own (unknown, rejected) key like any other instead of silently vanishing.
 */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of query) {
    if (Object.hasOwn(out, key)) {
      throw new HttpProblem(400, "validation", "The request query is invalid.", [
        { field: `query.${safeName(key)}`, message: "must not be repeated" },
      ]);
    }
    out[key] = value;
  }
  return out;
}

/** Reads the JSON body: size limit (413), media type (415), syntax (400), then the schema (400). */
export function parseJsonBody<S extends z.ZodType>(request: ApiRequest, schema: S): z.output<S> {
  const text = request.body ?? "";
  if (Buffer.byteLength(text, "utf8") > maxBodyBytes) {
    throw new HttpProblem(413, "body-too-large", `The request body exceeds ${maxBodyBytes} bytes.`, [
      { field: "body", message: `must be at most ${maxBodyBytes} bytes` },
    ]);
  }
  if (text.trim() === "") {
    throw new HttpProblem(400, "validation", "The request body is missing.", [
      { field: "body", message: "is required (JSON)" },
    ]);
  }
  const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (contentType !== "application/json") {
    throw new HttpProblem(415, "unsupported-media-type", "The request body must be application/json.", [
      { field: "header.content-type", message: "must be application/json" },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, "malformed-json", "The request body is not valid JSON.", [
      { field: "body", message: "is not valid JSON" },
    ]);
  }
  return parseWith("body", schema, value);
}
