// POST /api/workspaces/{workspaceId}/tenants/{tenantId}/verify (connections.verify: owner, operator): a
// `provider_connection.verify` run through the ledger's dedupe (one per tenant while active: a second start
// answers it, `deduped: true`); its orchestration acquires a token for the tenant and checks each Graph
// permission the app needs. Readonly members follow the run and its report through GET runs/{runId}.
import { connectionPermissions } from "../../graph/permissionCheck.js";
import { internalError } from "../../http/httpProblem.js";
import { defineRoute } from "../apiRoute.js";
import { noQuery, runStartedSchema } from "../apiSchemas.js";
import { recordAudit } from "../auditRecord.js";
import { tenantInWorkspace } from "../recoveryAccess.js";
import { tenantParams } from "../recoverySchemas.js";
import { runStartedResponse, startRun } from "../startRun.js";
import { problems } from "./problemResponses.js";

export const tenantsVerifyRoute = defineRoute({
  name: "tenants-verify",
  method: "POST",
  path: "/api/workspaces/{workspaceId}/tenants/{tenantId}/verify",
  summary: "Verify the provider connection: a token for the tenant and every Graph permission the app needs",
  tag: "tenants",
  access: { kind: "workspace", capability: "connections.verify" },
  params: tenantParams,
  query: noQuery,
  body: null,
  idempotent: true,
  orchestration: true,
  responses: {
    202: {
      description: "The verification run (deduped: one is active for this tenant)",
      schema: runStartedSchema,
    },
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
  async handle({ deps, params, access }) {
    if (access === null) throw internalError();
    const tenant = await tenantInWorkspace(deps, params.workspaceId, params.tenantId);
    const result = await startRun(deps, access, {
      workspaceId: params.workspaceId,
      tenantId: tenant.id,
      type: "provider_connection.verify",
      initiator: access.initiator,
      identityInputs: {},
      // What the run checks, so its report reads on its own: one entry per permission to grant.
      context: { permissions: connectionPermissions().map((p) => p.permission) },
    });
    if (!result.deduped) {
      await recordAudit(
        deps.audit,
        access,
        {
          action: "provider_connection.verify.started",
          tenantId: tenant.id,
          target: { type: "run", id: result.run.id },
          outcome: "info",
          runId: result.run.id,
          details: { externalTenantId: tenant.externalId },
        },
        deps.clock.now(),
      );
    }
    return runStartedResponse(result);
  },
});
