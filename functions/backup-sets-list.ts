// GET /api/workspaces/{workspaceId}/tenants/{tenantId}/backup-sets: a tenant's backup sets (backups.view).
import { app } from "@azure/functions";

import { backupSetsListRoute } from "../shared/api/routes/backupSetsList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("backup-sets-list", apiHttpOptions(backupSetsListRoute));
