// Tenants of a workspace, with their last backup and last restore.
import { z } from "zod";

import { tenantSummarySchema, type TenantSummary } from "../domain/contracts.js";
import { getJson, wsPath } from "./http.js";

const tenantListSchema = z.object({ items: z.array(tenantSummarySchema) });

export const tenantsService = {
  async list(workspaceId: string): Promise<TenantSummary[]> {
    return (await getJson(`${wsPath(workspaceId)}/tenants`, tenantListSchema)).items;
  },
};
