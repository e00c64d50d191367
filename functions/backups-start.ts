// POST /api/workspaces/{workspaceId}/tenants/{tenantId}/backups: back up a tenant (backups.start).
import { app } from "@azure/functions";

import { backupsStartRoute } from "../shared/api/routes/backupsStart.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("backups-start", apiHttpOptions(backupsStartRoute));
