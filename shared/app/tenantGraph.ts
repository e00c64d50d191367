// The PolicyGraph port keyed by our tenant ids. The workspace's tenant documents carry the Entra tenant id
// (`externalId`) that Graph and its token endpoint know; this adapter resolves it once per tenant id and
// delegates to the Graph access layer's adapter.
import type { Container } from "@azure/cosmos";

import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import {
  PolicyGraphError,
  type AssignmentsResult,
  type DirectoryObject,
  type DirectoryQuery,
  type ListedPolicy,
  type PolicyGraph,
  type PolicyRef,
  type PolicyType,
} from "../ports/policyGraph.js";
import { policyTypes as supportedPolicyTypes } from "../graph/policyTypes.js";

/** Resolves our tenant id to the Entra tenant id; rejects with PolicyGraphError when unknown. */
export type ExternalIdResolver = (tenantId: string) => Promise<string>;

export class TenantPolicyGraph implements PolicyGraph {
  private readonly resolved = new Map<string, Promise<string>>();
  private built: PolicyGraph | null = null;

  /** `build` runs on the first Graph call (reading credentials and CA files then, not at composition). */
  constructor(
    private readonly build: () => PolicyGraph,
    private readonly resolve: ExternalIdResolver,
  ) {}

  private get inner(): PolicyGraph {
    this.built ??= this.build();
    return this.built;
  }

  private external(tenantId: string): Promise<string> {
    let id = this.resolved.get(tenantId);
    if (id === undefined) {
      id = this.resolve(tenantId);
      this.resolved.set(tenantId, id);
      // A failed lookup (store outage) is retried on the next call, not cached.
      id.catch(() => this.resolved.delete(tenantId));
    }
    return id;
  }

  policyTypes(): readonly PolicyType[] {
    return supportedPolicyTypes.map((t) => t.key);
  }
  async listPolicies(tenantId: string, policyType: PolicyType): Promise<ListedPolicy[]> {
    return this.inner.listPolicies(await this.external(tenantId), policyType);
  }
  async fetchAssignments(tenantId: string, refs: readonly PolicyRef[]): Promise<AssignmentsResult[]> {
    return this.inner.fetchAssignments(await this.external(tenantId), refs);
  }
  async currentAssignments(tenantId: string, ref: PolicyRef): Promise<PolicyAssignment[] | null> {
    return this.inner.currentAssignments(await this.external(tenantId), ref);
  }
  async assign(tenantId: string, ref: PolicyRef, assignments: readonly PolicyAssignment[]): Promise<void> {
    return this.inner.assign(await this.external(tenantId), ref, assignments);
  }
  async resolveGroups(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]> {
    return this.inner.resolveGroups(await this.external(tenantId), query);
  }
  async resolveFilters(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]> {
    return this.inner.resolveFilters(await this.external(tenantId), query);
  }
}

/**
 * Looks the tenant document up by id in the `directory` container (any workspace: the port's calls carry
 * no workspace). Tenant ids are generated ids, so one id names one customer tenant.
 */
export function directoryExternalIds(directory: Container): ExternalIdResolver {
  return async (tenantId) => {
    const { resources } = await directory.items
      .query<{ externalId: unknown }>({
        query: "SELECT c.externalId FROM c WHERE c.docType = 'tenant' AND c.id = @id",
        parameters: [{ name: "@id", value: tenantId }],
      })
      .fetchAll();
    const ids = new Set(resources.map((r) => r.externalId).filter((v) => typeof v === "string"));
    const [externalId] = [...ids];
    if (ids.size !== 1 || typeof externalId !== "string") {
      throw new PolicyGraphError("validation_failed", `tenantId: ${tenantId} has no single Entra tenant id`);
    }
    return externalId;
  };
}
