// Lists one policy type (with $expand=assignments where the port can) and stores a BackupItem per policy,
// with deterministic ids so a repeat overwrites. A type the tenant refuses (403, 404...) is a failure of that
// type, not of the backup; transient failures are thrown for the caller to retry.
import type { FailureEntry } from "../domain/operationRun.js";
import type { BackupStore } from "../ports/backupStore.js";
import type { Clock } from "../ports/clock.js";
import { type ListedPolicy, permanentGraphError, type PolicyGraph } from "../ports/policyGraph.js";
import type { BackupItem } from "./backupDocuments.js";
import { buildBackupItem } from "./backupItemBuilder.js";

export interface StoreTypePorts {
  backups: BackupStore;
  graph: PolicyGraph;
  clock: Clock;
}

export interface StoreTypeInput {
  workspaceId: string;
  tenantId: string;
  backupSetId: string;
  policyType: string;
  /** Only these policies of the type; undefined means all. */
  policyIds?: readonly string[] | undefined;
}

export type StoreTypeResult = { ok: true; items: BackupItem[] } | { ok: false; failure: FailureEntry };

export async function storePolicyType(
  ports: StoreTypePorts,
  input: StoreTypeInput,
): Promise<StoreTypeResult> {
  let policies: ListedPolicy[];
  try {
    policies = await ports.graph.listPolicies(input.tenantId, input.policyType);
  } catch (error) {
    const permanent = permanentGraphError(error);
    if (permanent === null) throw error;
    return {
      ok: false,
      failure: {
        code: "backup.list",
        reasonCode: permanent.reasonCode,
        message: permanent.message.slice(0, 500),
        itemId: input.policyType,
      },
    };
  }
  const wanted = input.policyIds === undefined ? null : new Set(input.policyIds);
  const selected = wanted === null ? policies : policies.filter((p) => wanted.has(p.policyId));
  const now = ports.clock.now().toISOString();
  const scope = { workspaceId: input.workspaceId, tenantId: input.tenantId, backupSetId: input.backupSetId };
  const stored = selected.map((policy) => buildBackupItem(scope, policy, now));
  if (stored.length > 0) await ports.backups.saveItems(stored);
  return { ok: true, items: stored.map((s) => s.item) };
}
