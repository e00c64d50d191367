// GET /api/workspaces/{workspaceId}/restores/{restoreRunId}: a restore run with per-item results (backups.view).
import { app } from "@azure/functions";

import { restoresGetRoute } from "../shared/api/routes/restoresGet.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("restores-get", apiHttpOptions(restoresGetRoute));
