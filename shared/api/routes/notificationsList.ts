// GET /api/workspaces/{workspaceId}/notifications: the caller's own run notifications, newest first.
import { jsonResponse } from "../../http/apiHttp.js";
import { continuationScope, decodeContinuation, encodeContinuation } from "../../http/continuationToken.js";
import { internalError } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { notificationListQuery, notificationView, page, workspaceParams } from "../apiSchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const notificationsListRoute = defineRoute({
  name: "notifications-list",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/notifications",
  summary: "The caller's run notifications, newest first",
  tag: "notifications",
  access: { kind: "workspace", capability: "workspace.view" },
  params: workspaceParams,
  query: notificationListQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "A page of notifications", schema: page(notificationView, "NotificationPage") },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query, access }) {
    if (access === null) throw internalError();
    const recipient = access.principal.id;
    const unreadOnly = query.unread === "true";
    const scope = continuationScope({
      route: "notifications-list",
      workspaceId: params.workspaceId,
      recipient,
      unreadOnly,
    });
    const result = await deps.notifications.list(
      params.workspaceId,
      recipient,
      { unreadOnly },
      query.limit,
      decodeContinuation(scope, query.continuation),
    );
    return jsonResponse(200, {
      items: result.items.map((n) => notificationView.parse(n)),
      continuation: encodeContinuation(scope, result.continuation),
    });
  },
});
