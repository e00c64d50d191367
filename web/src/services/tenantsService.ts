// Tenants of a workspace. The API's tenant view has no last backup/restore; the dashboard reads them from
// the newest runs of those types (two list calls, whatever the number of tenants).
import { z } from "zod";

import {
  operationRunSchema,
  pageSchema,
  tenantSchema,
  type OperationRun,
  type OperationType,
  type RunRef,
  type Tenant,
  type TenantSummary,
} from "../domain/contracts.js";
import { getJson, wsPath } from "./http.js";

const tenantListSchema = z.object({ items: z.array(tenantSchema) });
const runPageSchema = pageSchema(operationRunSchema);

async function newestRuns(workspaceId: string, type: OperationType): Promise<OperationRun[]> {
  return (await getJson(`${wsPath(workspaceId)}/runs`, runPageSchema, { type, limit: 200 })).items;
}

function lastOf(runs: OperationRun[], tenantId: string): RunRef | null {
  const run = runs.find((r) => r.tenantId === tenantId);
  return run
    ? { runId: run.id, status: run.status, outcome: run.outcome, completedAt: run.completedAt }
    : null;
}

export const tenantsService = {
  async list(workspaceId: string): Promise<Tenant[]> {
    return (await getJson(`${wsPath(workspaceId)}/tenants`, tenantListSchema)).items;
  },
  async listWithLastRuns(workspaceId: string): Promise<TenantSummary[]> {
    const [tenants, backups, restores] = await Promise.all([
      tenantsService.list(workspaceId),
      newestRuns(workspaceId, "backup_set.create"),
      newestRuns(workspaceId, "restore.execute"),
    ]);
    return tenants.map((t) => ({
      ...t,
      lastBackup: lastOf(backups, t.id),
      lastRestore: lastOf(restores, t.id),
    }));
  },
};
