// GET /api/workspaces: the workspaces the caller is a member of (others are never listed).
import { z } from "zod";

import { jsonResponse } from "../../http/apiHttp.js";
import { internalError } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noParams, noQuery, workspaceSummarySchema } from "../apiSchemas.js";
import { workspaceSummaries } from "./me.js";
import { problems } from "./problemResponses.js";

export const workspacesListRoute = defineRoute({
  name: "workspaces-list",
  method: "GET",
  path: "/api/workspaces",
  summary: "Workspaces of the caller",
  tag: "workspaces",
  access: { kind: "authenticated" },
  params: noParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: {
      description: "The caller's workspaces",
      schema: z.object({ items: z.array(workspaceSummarySchema) }).meta({ id: "WorkspaceList" }),
    },
    ...problems(400, 401, 503),
  },
  async handle({ deps, principal }) {
    if (principal === null) throw internalError();
    return jsonResponse(200, { items: await workspaceSummaries(deps.directory, principal) });
  },
});
