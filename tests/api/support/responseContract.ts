// Checks an answer against the route's OpenAPI contract: the status is documented, and the body parses
// with the zod schema the document was generated from; errors are problem+json.
import { expect } from "vitest";

import { routeNamed } from "../../../shared/api/apiRoutes.js";
import type { ApiResponse } from "../../../shared/http/apiHttp.js";

export function expectContract(routeName: string, response: ApiResponse): void {
  const spec = routeNamed(routeName).spec.responses[response.status];
  expect(spec, `status ${response.status} is documented for ${routeName}`).toBeDefined();
  if (response.status >= 400) {
    expect(response.headers["content-type"]).toBe("application/problem+json");
  }
  if (spec?.schema !== undefined) {
    const parsed = spec.schema.safeParse(response.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  }
}
