// Which target-tenant policy each backup item restores into: the same id in the same tenant; in another
// tenant the same id if it exists, else the one policy of that type with the same display name (never a guess
// between two). A type the target refuses to list makes its items unavailable with that reason code.
import type { BackupItem } from "../backup/backupDocuments.js";
import type { ReasonCode } from "../domain/reasonCodes.js";
import { permanentGraphError, type PolicyGraph } from "../ports/policyGraph.js";
import type { RestoreRun } from "./restoreRun.js";
import type { RestoreWorkItem } from "./restoreWorkItem.js";

type TypeIndex =
  { ids: Set<string>; byName: Map<string, string[]> } | { reasonCode: ReasonCode; message: string };

export async function matchTargetPolicies(
  graph: PolicyGraph,
  run: Pick<RestoreRun, "sourceTenantId" | "targetTenantId">,
  items: readonly BackupItem[],
): Promise<RestoreWorkItem[]> {
  const base = (i: BackupItem) => ({ backupItemId: i.id, policyType: i.policyType, policyId: i.policyId });
  if (run.sourceTenantId === run.targetTenantId) {
    return items.map((i) => ({ ...base(i), targetPolicyId: i.policyId, unavailable: null }));
  }
  const indexes = new Map<string, TypeIndex>();
  for (const type of [...new Set(items.map((i) => i.policyType))].sort()) {
    try {
      const policies = await graph.listPolicies(run.targetTenantId, type);
      const byName = new Map<string, string[]>();
      for (const p of policies) byName.set(p.displayName, [...(byName.get(p.displayName) ?? []), p.policyId]);
      indexes.set(type, { ids: new Set(policies.map((p) => p.policyId)), byName });
    } catch (error) {
      const permanent = permanentGraphError(error);
      if (permanent === null) throw error;
      indexes.set(type, { reasonCode: permanent.reasonCode, message: permanent.message.slice(0, 500) });
    }
  }
  return items.map((item): RestoreWorkItem => {
    const index = indexes.get(item.policyType);
    if (index === undefined || "reasonCode" in index) {
      return { ...base(item), targetPolicyId: null, unavailable: index ?? null };
    }
    if (index.ids.has(item.policyId))
      return { ...base(item), targetPolicyId: item.policyId, unavailable: null };
    const named = index.byName.get(item.displayName) ?? [];
    const only = named[0];
    if (named.length === 1 && only !== undefined)
      return { ...base(item), targetPolicyId: only, unavailable: null };
    return {
      ...base(item),
      targetPolicyId: null,
      unavailable: {
        reasonCode: "graph_not_found",
        message:
          named.length === 0
            ? "no policy with this id or display name in the target tenant"
            : `${named.length} policies share this display name in the target tenant; none was guessed`,
      },
    };
  });
}
