// GET /api/openapi.json: the OpenAPI 3.1 document of every route (anonymous), generated once.
import { z } from "zod";

import { jsonResponse } from "../../http/apiHttp.js";
import { type OpenApiDocument, openApiDocument, type OpenApiOperation } from "../../http/openApiDocument.js";
import { type ApiRouteDefinition, defineRoute } from "../apiRoute.js";
import { noParams, noQuery } from "../apiSchemas.js";
import { businessRoutes } from "../businessRoutes.js";

export const apiVersion = "1.0.0";

export function toOperation(route: ApiRouteDefinition): OpenApiOperation {
  const { spec } = route;
  return {
    method: spec.method,
    path: spec.path,
    name: spec.name,
    summary: spec.summary,
    tag: spec.tag,
    anonymous: spec.access.kind === "anonymous",
    capability: spec.access.kind === "workspace" ? spec.access.capability : null,
    idempotent: spec.idempotent,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    responses: spec.responses,
  };
}

let cached: OpenApiDocument | null = null;

export const openApiRoute: ApiRouteDefinition = defineRoute({
  name: "openapi",
  method: "GET",
  path: "/api/openapi.json",
  summary: "This API's OpenAPI 3.1 document",
  tag: "meta",
  access: { kind: "anonymous" },
  params: noParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: { 200: { description: "OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()) } },
  handle() {
    cached ??= openApiDocument([...businessRoutes, openApiRoute].map(toOperation), apiVersion);
    return Promise.resolve(jsonResponse(200, cached, { "cache-control": "public, max-age=300" }));
  },
});
