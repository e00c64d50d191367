// POST /api/workspaces/{workspaceId}/runs/{runId}/retry: a linked run for the failed items (runs.retry).
import { app } from "@azure/functions";

import { runsRetryRoute } from "../shared/api/routes/runsRetry.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("runs-retry", apiHttpOptions(runsRetryRoute));
