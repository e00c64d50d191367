// POST /api/workspaces/{workspaceId}/notifications/read: marks the caller's own notifications read.
import { jsonResponse } from "../../http/apiHttp.js";
import { internalError } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { markedSchema, markNotificationsReadBody, noQuery, workspaceParams } from "../apiSchemas.js";
import { mutationProblems } from "./problemResponses.js";

export const notificationsReadRoute = defineRoute({
  name: "notifications-read",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/notifications/read",
  summary: "Mark the caller's notifications read",
  tag: "notifications",
  access: { kind: "workspace", capability: "workspace.view" },
  params: workspaceParams,
  query: noQuery,
  body: markNotificationsReadBody,
  idempotent: true,
  orchestration: false,
  responses: {
    200: { description: "How many were newly marked", schema: markedSchema },
    ...mutationProblems(),
  },
  async handle({ deps, params, body, access }) {
    if (access === null) throw internalError();
    const marked = await deps.notifications.markRead(
      params.workspaceId,
      access.principal.id,
      body.ids,
      deps.clock.now().toISOString(),
    );
    return jsonResponse(200, { marked });
  },
});
