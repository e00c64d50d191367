// GET /api/workspaces/{workspaceId}/runs/{runId}: one run with related links (runs.view).
import { app } from "@azure/functions";

import { runsGetRoute } from "../shared/api/routes/runsGet.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("runs-get", apiHttpOptions(runsGetRoute));
