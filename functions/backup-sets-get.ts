// GET /api/workspaces/{workspaceId}/backup-sets/{backupSetId}: a backup set (backups.view).
import { app } from "@azure/functions";

import { backupSetsGetRoute } from "../shared/api/routes/backupSetsGet.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("backup-sets-get", apiHttpOptions(backupSetsGetRoute));
