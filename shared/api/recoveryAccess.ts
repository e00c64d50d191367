// Lookups the backup and restore routes share: the recovery ports, and the tenant, backup set or restore
// run named in a path — each answered 404 when it is not in the caller's workspace (no existence leak).
import type { BackupSet } from "../backup/backupDocuments.js";
import type { Tenant } from "../domain/directory.js";
import { internalError, notFound } from "../http/httpProblem.js";
import type { RestorePorts } from "../restore/restorePorts.js";
import type { RestoreRun } from "../restore/restoreRun.js";
import type { ApiDeps } from "./apiDeps.js";

export function recoveryOf(deps: ApiDeps): RestorePorts {
  if (deps.recovery === undefined) throw internalError();
  return deps.recovery;
}

export async function tenantInWorkspace(
  deps: ApiDeps,
  workspaceId: string,
  tenantId: string,
): Promise<Tenant> {
  const tenant = await deps.directory.getTenant(workspaceId, tenantId);
  if (tenant === null || tenant.workspaceId !== workspaceId) throw notFound("The tenant");
  return tenant;
}

export async function backupSetInWorkspace(
  deps: ApiDeps,
  workspaceId: string,
  backupSetId: string,
): Promise<BackupSet> {
  const set = await recoveryOf(deps).backups.getBackupSet(workspaceId, backupSetId);
  if (set === null || set.workspaceId !== workspaceId) throw notFound("The backup set");
  return set;
}

export async function restoreInWorkspace(
  deps: ApiDeps,
  workspaceId: string,
  restoreRunId: string,
): Promise<RestoreRun> {
  const run = await recoveryOf(deps).restores.get(workspaceId, restoreRunId);
  if (run === null || run.workspaceId !== workspaceId) throw notFound("The restore run");
  return run;
}
