// GET /api/workspaces/{workspaceId}/runs/{runId}/failures: a run's failures, paged (runs.view).
import { app } from "@azure/functions";

import { runsFailuresRoute } from "../shared/api/routes/runsFailures.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("runs-failures", apiHttpOptions(runsFailuresRoute));
