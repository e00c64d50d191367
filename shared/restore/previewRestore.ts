// The restore preview: per item, the assignment diff against the target's current assignments (to add, to
// keep, to remove, unmapped with reason). Reads Graph, writes nothing anywhere.
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import { loadRestoreItems } from "./loadRestoreItems.js";
import { matchTargetPolicies } from "./matchTargetPolicies.js";
import { restoreItems } from "./restoreItems.js";
import type { RestorePorts } from "./restorePorts.js";
import type { RestoreItemResult } from "./restoreRun.js";

export interface PreviewItem {
  backupItemId: string;
  policyType: string;
  sourcePolicyId: string;
  targetPolicyId: string | null;
  /** What executing would do: created/updated/unchanged/skipped/failed. */
  action: RestoreItemResult["action"];
  reasonCode: RestoreItemResult["reasonCode"];
  message: string | null;
  toAdd: PolicyAssignment[];
  toKeep: PolicyAssignment[];
  toRemove: PolicyAssignment[];
  unmapped: RestoreItemResult["unmapped"];
}

export class RestoreRunNotFoundError extends Error {
  constructor(readonly restoreRunId: string) {
    super(`restoreRunId: ${restoreRunId} not found`);
    this.name = "RestoreRunNotFoundError";
  }
}

export async function previewRestore(
  ports: RestorePorts,
  workspaceId: string,
  restoreRunId: string,
  now: string,
  batchSize = 20,
): Promise<PreviewItem[]> {
  const run = await ports.restores.get(workspaceId, restoreRunId);
  if (run === null) throw new RestoreRunNotFoundError(restoreRunId);
  const work = await matchTargetPolicies(ports.graph, run, await loadRestoreItems(ports.backups, run));
  const preview: PreviewItem[] = [];
  for (let i = 0; i < work.length; i += batchSize) {
    for (const { result, diff } of await restoreItems(ports, run, work.slice(i, i + batchSize), {
      mode: "preview",
      now,
    })) {
      preview.push({
        backupItemId: result.backupItemId,
        policyType: result.policyType,
        sourcePolicyId: result.sourcePolicyId,
        targetPolicyId: result.targetPolicyId,
        action: result.action,
        reasonCode: result.reasonCode,
        message: result.message,
        toAdd: diff?.toAdd ?? [],
        toKeep: diff?.toKeep ?? [],
        toRemove: diff?.toRemove ?? [],
        unmapped: result.unmapped,
      });
    }
  }
  return preview;
}
