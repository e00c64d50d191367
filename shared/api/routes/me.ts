// GET /api/me: who the caller is, and each workspace they belong to with their role and capabilities.
import { effectiveRole } from "../../auth/authorize.js";
import { capabilities } from "../../auth/capabilities.js";
import { roleHasCapability } from "../../auth/capabilities.js";
import type { Principal } from "../../auth/principal.js";
import { jsonResponse } from "../../http/apiHttp.js";
import { internalError } from "../../http/httpProblem.js";
import type { DirectoryStore } from "../../ports/directoryStore.js";
import { defineRoute } from "../apiRoute.js";
import { meSchema, noParams, noQuery } from "../apiSchemas.js";
import { problems } from "./problemResponses.js";

export async function workspaceSummaries(directory: DirectoryStore, principal: Principal) {
  const memberships = await directory.listMemberships(principal.id);
  const summaries = await Promise.all(
    memberships.map(async (membership) => {
      const workspace = await directory.getWorkspace(membership.workspaceId);
      const role = effectiveRole(principal, membership);
      return {
        workspaceId: membership.workspaceId,
        name: workspace?.name ?? membership.workspaceId,
        role,
        capabilities: role === null ? [] : capabilities.filter((c) => roleHasCapability(role, c)),
      };
    }),
  );
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}

export const meRoute = defineRoute({
  name: "me",
  method: "GET",
  path: "/api/me",
  summary: "The caller, their workspaces and roles",
  tag: "workspaces",
  access: { kind: "authenticated" },
  params: noParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: { 200: { description: "The caller", schema: meSchema }, ...problems(400, 401, 503) },
  async handle({ deps, principal }) {
    if (principal === null) throw internalError();
    const workspaces = await workspaceSummaries(deps.directory, principal);
    return jsonResponse(200, {
      principal: { id: principal.id, kind: principal.kind, source: principal.source },
      workspaces,
    });
  },
});
