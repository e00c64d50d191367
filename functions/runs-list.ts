// GET /api/workspaces/{workspaceId}/runs: runs newest first, filtered and paged (runs.view).
import { app } from "@azure/functions";

import { runsListRoute } from "../shared/api/routes/runsList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("runs-list", apiHttpOptions(runsListRoute));
