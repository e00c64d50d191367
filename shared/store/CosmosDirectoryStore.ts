// Workspaces, tenants and memberships in the `directory` container (partition /workspaceId). Uniqueness of a
// tenant's externalId within a workspace is a key document created first (`create` → 409 = taken), so two
// concurrent registrations of one Entra tenant cannot both succeed.
import { createHash } from "node:crypto";

import type { Container, ItemDefinition } from "@azure/cosmos";
import type { z } from "zod";

import {
  membershipSchema,
  tenantSchema,
  workspaceSchema,
  type Membership,
  type Tenant,
  type Workspace,
} from "../domain/directory.js";
import { StoreError, ValidationError } from "../domain/errors.js";
import type { DirectoryStore } from "../ports/directoryStore.js";
import { attempt, cosmosCall, isAlreadyExists } from "./cosmosErrors.js";

/** Cosmos ids may not contain `/ \ ? #`; such principal ids are hashed instead. */
function safeIdPart(value: string): string {
  return /^[^/\\?#]{1,200}$/.test(value) ? value : createHash("sha256").update(value).digest("hex");
}

export const membershipDocumentId = (userId: string): string => `membership:${safeIdPart(userId)}`;
const tenantKeyId = (externalId: string): string => `tenant-external:${externalId.toLowerCase()}`;

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ValidationError(issue?.path.map(String).join(".") || what, issue?.message ?? `invalid ${what}`);
}

export class CosmosDirectoryStore implements DirectoryStore {
  constructor(private readonly container: Container) {}

  async getWorkspace(workspaceId: string): Promise<Workspace | null> {
    const doc = await this.read(workspaceId, workspaceId);
    return doc === null || doc.docType !== "workspace" ? null : workspaceSchema.parse(doc);
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const { resources } = await cosmosCall("list memberships", () =>
      this.container.items
        .query<ItemDefinition>({
          query: "SELECT * FROM c WHERE c.docType = 'membership' AND c.userId = @userId",
          parameters: [{ name: "@userId", value: userId }],
        })
        .fetchAll(),
    );
    return resources.map((doc) => membershipSchema.parse(doc));
  }

  async getMembership(workspaceId: string, userId: string): Promise<Membership | null> {
    const doc = await this.read(workspaceId, membershipDocumentId(userId));
    if (doc === null) return null;
    const membership = membershipSchema.parse(doc);
    return membership.userId === userId ? membership : null;
  }

  async listTenants(workspaceId: string): Promise<Tenant[]> {
    const { resources } = await cosmosCall("list tenants", () =>
      this.container.items
        .query<ItemDefinition>(
          {
            query:
              "SELECT * FROM c WHERE c.workspaceId = @workspaceId AND c.docType = 'tenant' ORDER BY c.displayName",
            parameters: [{ name: "@workspaceId", value: workspaceId }],
          },
          { partitionKey: workspaceId },
        )
        .fetchAll(),
    );
    return resources.map((doc) => tenantSchema.parse(doc));
  }

  async getTenant(workspaceId: string, tenantId: string): Promise<Tenant | null> {
    const doc = await this.read(workspaceId, tenantId);
    if (doc === null || doc.docType !== "tenant") return null;
    return tenantSchema.parse(doc);
  }

  async createTenant(input: Tenant): Promise<{ tenant: Tenant; created: boolean }> {
    const tenant = parse(tenantSchema, input, "tenant");
    const key = {
      id: tenantKeyId(tenant.externalId),
      docType: "tenantKey",
      workspaceId: tenant.workspaceId,
      tenantId: tenant.id,
    };
    const claimed = await attempt("create tenant key", () => this.container.items.create(key));
    if (isAlreadyExists(claimed, "create tenant key")) {
      const existingKey = await this.read(tenant.workspaceId, key.id);
      const ownerId = typeof existingKey?.tenantId === "string" ? existingKey.tenantId : undefined;
      const existing = ownerId === undefined ? null : await this.getTenant(tenant.workspaceId, ownerId);
      if (existing !== null) return { tenant: existing, created: false };
      // The key's writer crashed before writing its tenant: only that same tenant id may finish the job.
      if (ownerId !== tenant.id) {
        throw new StoreError("store_conflict", "create tenant: externalId is being registered concurrently");
      }
    }
    const created = await attempt("create tenant", () => this.container.items.create(tenant));
    if (created.ok) return { tenant, created: true };
    isAlreadyExists(created, "create tenant");
    const existing = await this.getTenant(tenant.workspaceId, tenant.id);
    if (existing?.externalId === tenant.externalId) return { tenant: existing, created: false };
    throw new ValidationError("id", "a different tenant already uses this id");
  }

  /** Seed/admin helper: creates the workspace if absent; never overwrites. */
  async ensureWorkspace(input: Workspace): Promise<{ workspace: Workspace; created: boolean }> {
    const workspace = parse(workspaceSchema, input, "workspace");
    if (workspace.id !== workspace.workspaceId) throw new ValidationError("id", "must equal workspaceId");
    const created = await attempt("create workspace", () => this.container.items.create(workspace));
    if (created.ok) return { workspace, created: true };
    isAlreadyExists(created, "create workspace");
    const existing = await this.getWorkspace(workspace.id);
    if (existing === null)
      throw new StoreError("store_conflict", "create workspace: conflict without a document");
    return { workspace: existing, created: false };
  }

  /** Seed/admin helper: creates the membership if absent (id derived from the user id); never overwrites. */
  async ensureMembership(
    input: Omit<Membership, "id">,
  ): Promise<{ membership: Membership; created: boolean }> {
    const membership = parse(
      membershipSchema,
      { ...input, id: membershipDocumentId(input.userId) },
      "membership",
    );
    const created = await attempt("create membership", () => this.container.items.create(membership));
    if (created.ok) return { membership, created: true };
    isAlreadyExists(created, "create membership");
    const existing = await this.getMembership(membership.workspaceId, membership.userId);
    if (existing === null)
      throw new StoreError("store_conflict", "create membership: id taken by another user");
    return { membership: existing, created: false };
  }

  private async read(workspaceId: string, id: string): Promise<ItemDefinition | null> {
    const { resource } = await cosmosCall("read directory", () =>
      this.container.item(id, workspaceId).read<ItemDefinition>(),
    );
    return resource ?? null;
  }
}
