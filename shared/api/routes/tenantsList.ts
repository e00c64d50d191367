// GET /api/workspaces/{workspaceId}/tenants: the workspace's customer tenants (tenants.view).
import { z } from "zod";

import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, tenantView, workspaceParams } from "../apiSchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const tenantsListRoute = defineRoute({
  name: "tenants-list",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/tenants",
  summary: "Tenants of the workspace",
  tag: "tenants",
  access: { kind: "workspace", capability: "tenants.view" },
  params: workspaceParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: {
      description: "The tenants, by display name",
      schema: z.object({ items: z.array(tenantView) }).meta({ id: "TenantList" }),
    },
    ...workspaceProblems(),
  },
  async handle({ deps, params }) {
    const tenants = await deps.directory.listTenants(params.workspaceId);
    const items = tenants
      .map((t) => tenantView.parse(t))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return jsonResponse(200, { items });
  },
});
