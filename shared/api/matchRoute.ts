// Matches a method and path against the route table, as the Functions host does with `route` templates.
// Used in-process (tests, tools); in Azure the host routes each trigger itself.
import type { ApiRouteDefinition } from "./apiRoute.js";

export interface RouteMatch {
  route: ApiRouteDefinition;
  params: Record<string, string>;
}

export function matchRoute(
  routes: readonly ApiRouteDefinition[],
  method: string,
  path: string,
): RouteMatch | null {
  // Empty segments are kept (`/workspaces//runs` names an empty workspace id, which the pipeline refuses).
  const segments = path.split("/").slice(1);
  for (const route of routes) {
    if (route.spec.method !== method.toUpperCase()) continue;
    const template = route.spec.path.split("/").slice(1);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, part] of template.entries()) {
      const segment = segments[i] ?? "";
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name !== undefined) {
        try {
          params[name] = decodeURIComponent(segment);
        } catch {
          params[name] = segment;
        }
      } else if (part !== segment) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params };
  }
  return null;
}
