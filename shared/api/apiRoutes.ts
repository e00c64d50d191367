// The complete route table: the business routes and the OpenAPI document that describes them.
import type { ApiRouteDefinition } from "./apiRoute.js";
import { businessRoutes } from "./businessRoutes.js";
import { openApiRoute } from "./routes/openapi.js";

export const apiRoutes: readonly ApiRouteDefinition[] = [...businessRoutes, openApiRoute];

export function routeNamed(name: string): ApiRouteDefinition {
  const route = apiRoutes.find((r) => r.spec.name === name);
  if (route === undefined) throw new Error(`No API route named ${name}`);
  return route;
}
