// OpenAPI 3.1 generated from the same zod schemas that validate requests (@asteasolutions/zod-to-openapi),
// so the document cannot drift from the code.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

import { problemContentType } from "./httpProblem.js";

export interface OpenApiOperation {
  method: "GET" | "POST";
  path: string;
  name: string;
  summary: string;
  tag: string;
  /** Anonymous operations carry no security requirement. */
  anonymous: boolean;
  /** Required capability, shown in the description. */
  capability: string | null;
  idempotent: boolean;
  params: z.ZodType;
  query: z.ZodType;
  body: z.ZodType | null;
  responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

function asObject(schema: z.ZodType): z.ZodObject | undefined {
  return schema instanceof z.ZodObject && Object.keys(schema.shape).length > 0 ? schema : undefined;
}

export function openApiDocument(operations: readonly OpenApiOperation[], version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "Entra ID access token for the API (app roles Workspace.Read, Runs.Operate, Workspace.Manage)",
  });
  registry.registerComponent("securitySchemes", "staticWebApps", {
    type: "apiKey",
    in: "header",
    name: "x-ms-client-principal",
    description: "Set by Azure Static Web Apps after sign-in; never accepted from clients directly",
  });
  for (const op of operations) {
    const params = asObject(op.params);
    const query = asObject(op.query);
    const headers = op.idempotent
      ? z.object({
          "idempotency-key": z.string().min(1).max(255).optional().meta({
            description: "Replays the first answer for 24 h; other parameters with the same key → 422",
          }),
        })
      : undefined;
    const responses: Record<
      string,
      { description: string; content?: Record<string, { schema: z.ZodType }> }
    > = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      const mediaType = Number(status) >= 400 ? problemContentType : "application/json";
      responses[status] =
        spec.schema === undefined
          ? { description: spec.description }
          : { description: spec.description, content: { [mediaType]: { schema: spec.schema } } };
    }
    registry.registerPath({
      method: op.method === "GET" ? "get" : "post",
      path: op.path,
      operationId: op.name,
      summary: op.summary,
      ...(op.capability === null ? {} : { description: `Requires capability \`${op.capability}\`.` }),
      tags: [op.tag],
      security: op.anonymous ? [] : [{ bearer: [] }, { staticWebApps: [] }],
      request: {
        ...(params === undefined ? {} : { params }),
        ...(query === undefined ? {} : { query }),
        ...(headers === undefined ? {} : { headers }),
        ...(op.body === null
          ? {}
          : { body: { required: true, content: { "application/json": { schema: op.body } } } }),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Intune Ops Ledger API",
      version,
      description:
        "Operation runs, tenants, audit and notifications. Errors are application/problem+json. " +
        "Not a member of the workspace, or a resource outside it → 404; a member without the capability → 403.",
    },
    servers: [{ url: "/" }],
  });
}
