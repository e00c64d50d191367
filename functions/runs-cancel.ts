// POST /api/workspaces/{workspaceId}/runs/{runId}/cancel: terminate and complete as cancelled (runs.cancel).
import { app } from "@azure/functions";

import { runsCancelRoute } from "../shared/api/routes/runsCancel.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("runs-cancel", apiHttpOptions(runsCancelRoute));
