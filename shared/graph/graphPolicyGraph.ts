// The PolicyGraph port (shared/ports/policyGraph.ts) on the Graph access layer.
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
import { lookupFilters, lookupGroups } from "./directoryLookup.js";
import type { GraphAccess } from "./graphAccess.js";
import { GraphRequestError } from "./graphRequestError.js";
import { policyTypeByKey, policyTypes, type PolicyTypeKey } from "./policyTypes.js";

function typeKey(type: PolicyType): PolicyTypeKey {
  const info = policyTypeByKey.get(type);
  if (info === undefined) throw new PolicyGraphError("validation_failed", `unknown policy type ${type}`);
  return info.key;
}

/** Whole-call Graph failures become PolicyGraphError with the same reason code and sanitized message. */
async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GraphRequestError) throw new PolicyGraphError(err.reasonCode, err.message, err.status);
    throw err;
  }
}

export class GraphPolicyGraph implements PolicyGraph {
  constructor(private readonly access: GraphAccess) {}

  policyTypes(): readonly PolicyType[] {
    return policyTypes.map((t) => t.key);
  }

  listPolicies(tenantId: string, policyType: PolicyType): Promise<ListedPolicy[]> {
    return guard(async () => {
      const service = this.access.forTenant(tenantId).service(typeKey(policyType));
      const out: ListedPolicy[] = [];
      for await (const page of service.list()) {
        for (const r of page) {
          out.push({
            policyType,
            policyId: r.id,
            displayName: r.displayName,
            payload: r.payload,
            assignments: r.assignments,
          });
        }
      }
      return out;
    });
  }

  async fetchAssignments(tenantId: string, refs: readonly PolicyRef[]): Promise<AssignmentsResult[]> {
    const byType = new Map<string, PolicyRef[]>();
    for (const r of refs) byType.set(r.policyType, [...(byType.get(r.policyType) ?? []), r]);
    const results = new Map<string, AssignmentsResult>();
    for (const [type, list] of byType) {
      const fetched = await guard(() =>
        this.access
          .forTenant(tenantId)
          .service(typeKey(type))
          .fetchAssignments(list.map((r) => ({ id: r.policyId }))),
      );
      for (const r of list) {
        const got = fetched.get(r.policyId);
        results.set(
          `${type}|${r.policyId}`,
          Array.isArray(got)
            ? { ok: true, policyType: type, policyId: r.policyId, assignments: got }
            : {
                ok: false,
                policyType: type,
                policyId: r.policyId,
                reasonCode: got?.reasonCode ?? "unknown",
                message: got?.message ?? "no answer",
              },
        );
      }
    }
    return refs.map(
      (r) =>
        results.get(`${r.policyType}|${r.policyId}`) ?? {
          ok: false,
          policyType: r.policyType,
          policyId: r.policyId,
          reasonCode: "unknown",
          message: "no answer",
        },
    );
  }

  async currentAssignments(tenantId: string, ref: PolicyRef): Promise<PolicyAssignment[] | null> {
    try {
      return await this.access
        .forTenant(tenantId)
        .service(typeKey(ref.policyType))
        .getAssignments({ id: ref.policyId });
    } catch (err) {
      if (err instanceof GraphRequestError && err.reasonCode === "graph_not_found") return null;
      if (err instanceof GraphRequestError)
        throw new PolicyGraphError(err.reasonCode, err.message, err.status);
      throw err;
    }
  }

  assign(tenantId: string, ref: PolicyRef, assignments: readonly PolicyAssignment[]): Promise<void> {
    return guard(() =>
      this.access
        .forTenant(tenantId)
        .service(typeKey(ref.policyType))
        .assign({ id: ref.policyId }, assignments),
    );
  }

  resolveGroups(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]> {
    return guard(() => lookupGroups(this.access.forTenant(tenantId).transport, query));
  }

  resolveFilters(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]> {
    return guard(() => lookupFilters(this.access.forTenant(tenantId).transport, query));
  }
}
