// POST /api/workspaces/{workspaceId}/tenants: onboard a customer tenant (owner: tenants.onboard). The
// document holds a credential reference only; an Entra tenant id already onboarded answers 409.
import { jsonResponse } from "../../http/apiHttp.js";
import { HttpProblem, internalError } from "../../http/httpProblem.js";
import type { Tenant } from "../../domain/directory.js";
import { recordAudit } from "../auditRecord.js";
import { defineRoute } from "../apiRoute.js";
import { createTenantBody, noQuery, tenantView, workspaceParams } from "../apiSchemas.js";
import { mutationProblems } from "./problemResponses.js";

export const tenantsCreateRoute = defineRoute({
  name: "tenants-create",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/tenants",
  summary: "Onboard a customer tenant",
  tag: "tenants",
  access: { kind: "workspace", capability: "tenants.onboard" },
  params: workspaceParams,
  query: noQuery,
  body: createTenantBody,
  idempotent: true,
  orchestration: false,
  responses: { 201: { description: "The onboarded tenant", schema: tenantView }, ...mutationProblems() },
  async handle({ deps, params, body, access }) {
    if (access === null) throw internalError();
    const now = deps.clock.now();
    const tenant: Tenant = {
      id: deps.ids.newId(),
      docType: "tenant",
      workspaceId: params.workspaceId,
      externalId: body.externalId,
      displayName: body.displayName,
      credentialRef: body.credentialRef,
      backupSchedule: null,
      createdAt: now.toISOString(),
    };
    const { tenant: stored, created } = await deps.directory.createTenant(tenant);
    if (!created) {
      throw new HttpProblem(
        409,
        "tenant-exists",
        "This Entra tenant is already onboarded in the workspace.",
        [{ field: "body.externalId", message: "is already onboarded" }],
      );
    }
    await recordAudit(
      deps.audit,
      access,
      {
        action: "directory.tenant.onboarded",
        tenantId: stored.id,
        target: { type: "tenant", id: stored.id },
        outcome: "succeeded",
        runId: null,
        details: { externalId: stored.externalId },
      },
      now,
    );
    const location = `/api/workspaces/${encodeURIComponent(stored.workspaceId)}/tenants/${encodeURIComponent(stored.id)}`;
    return jsonResponse(201, tenantView.parse(stored), { location });
  },
});
