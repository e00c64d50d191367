// GET /api/workspaces/{workspaceId}/audit: the audit log, newest first, filtered and paged (audit.view).
import { jsonResponse } from "../../http/apiHttp.js";
import { continuationScope, decodeContinuation, encodeContinuation } from "../../http/continuationToken.js";
import type { AuditFilter } from "../../ports/auditLog.js";
import { defineRoute } from "../apiRoute.js";
import { auditEntryView, auditListQuery, page, workspaceParams } from "../apiSchemas.js";
import { workspaceProblems } from "./problemResponses.js";

export const auditListRoute = defineRoute({
  name: "audit-list",
  method: "GET",
  path: "/api/workspaces/{workspaceId}/audit",
  summary: "Audit entries, newest first",
  tag: "audit",
  access: { kind: "workspace", capability: "audit.view" },
  params: workspaceParams,
  query: auditListQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "A page of audit entries", schema: page(auditEntryView, "AuditPage") },
    ...workspaceProblems(),
  },
  async handle({ deps, params, query }) {
    const { limit, continuation, ...filters } = query;
    const filter: AuditFilter = {};
    if (filters.tenantId !== undefined) filter.tenantId = filters.tenantId;
    if (filters.action !== undefined) filter.action = filters.action;
    if (filters.actorUserId !== undefined) filter.actorUserId = filters.actorUserId;
    if (filters.runId !== undefined) filter.runId = filters.runId;
    if (filters.since !== undefined) filter.since = filters.since;
    if (filters.until !== undefined) filter.until = filters.until;
    const scope = continuationScope({ route: "audit-list", workspaceId: params.workspaceId, ...filter });
    const result = await deps.audit.list(
      params.workspaceId,
      filter,
      limit,
      decodeContinuation(scope, continuation),
    );
    return jsonResponse(200, {
      items: result.items,
      continuation: encodeContinuation(scope, result.continuation),
    });
  },
});
