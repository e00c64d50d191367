// Workspaces, tenants and memberships. Implemented on Cosmos DB (container `directory`) in shared/store.
import type { Membership, Tenant, Workspace } from "../domain/directory.js";

export interface DirectoryStore {
  getWorkspace(workspaceId: string): Promise<Workspace | null>;
  /** Workspaces the principal is a member of, with the role held in each. */
  listMemberships(userId: string): Promise<Membership[]>;
  getMembership(workspaceId: string, userId: string): Promise<Membership | null>;
  listTenants(workspaceId: string): Promise<Tenant[]>;
  getTenant(workspaceId: string, tenantId: string): Promise<Tenant | null>;
  /** Conditional create; resolves `created: false` when a tenant with that externalId already exists. */
  createTenant(tenant: Tenant): Promise<{ tenant: Tenant; created: boolean }>;
}
