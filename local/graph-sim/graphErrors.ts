// Graph's error envelope: {error:{code,message,innerError:{request-id,date,client-request-id}}}.
import { randomUUID } from "node:crypto";

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { "request-id": requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          "request-id": requestId,
          date: new Date().toISOString().slice(0, 19),
          "client-request-id": requestId,
        },
      },
    },
  };
}

export const badRequest = (message: string): SimResponse => graphError(400, "BadRequest", message);
export const notFound = (message: string): SimResponse => graphError(404, "ResourceNotFound", message);

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body };
}
