// GET /api/workspaces/{workspaceId}/backup-sets/{backupSetId}/items: its items, paged (backups.view).
import { app } from "@azure/functions";

import { backupSetItemsRoute } from "../shared/api/routes/backupSetItems.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("backup-set-items", apiHttpOptions(backupSetItemsRoute));
