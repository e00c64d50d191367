// Related links of a run, resolved from its context: tenant, backup set, restore run, schedule, parent
// and child runs. Paths of resources whose endpoints join later follow the same /workspaces/{ws}/ scheme.
import type { OperationRun } from "../domain/operationRun.js";

const seg = (value: string): string => encodeURIComponent(value);

export const workspacePath = (workspaceId: string): string => `/api/workspaces/${seg(workspaceId)}`;
export const runPath = (workspaceId: string, runId: string): string =>
  `${workspacePath(workspaceId)}/runs/${seg(runId)}`;

export interface RunLinks {
  self: string;
  tenant?: string;
  backupSet?: string;
  restoreRun?: string;
  schedule?: string;
  parent?: string;
  children: string[];
}

export function runLinks(run: OperationRun): RunLinks {
  const ws = workspacePath(run.workspaceId);
  const { context } = run;
  const links: RunLinks = {
    self: runPath(run.workspaceId, run.id),
    children: (context.childRunIds ?? []).map((id) => runPath(run.workspaceId, id)),
  };
  if (run.tenantId !== null) links.tenant = `${ws}/tenants/${seg(run.tenantId)}`;
  if (context.backupSetId !== undefined) links.backupSet = `${ws}/backup-sets/${seg(context.backupSetId)}`;
  if (context.restoreRunId !== undefined) links.restoreRun = `${ws}/restores/${seg(context.restoreRunId)}`;
  if (context.backupScheduleId !== undefined) {
    links.schedule = `${ws}/schedules/${seg(context.backupScheduleId)}`;
  }
  if (context.parentRunId !== undefined) links.parent = runPath(run.workspaceId, context.parentRunId);
  return links;
}
