// POST /api/workspaces/{workspaceId}/restores/{restoreRunId}/execute: execute a restore run (restores.execute).
import { app } from "@azure/functions";

import { restoresExecuteRoute } from "../shared/api/routes/restoresExecute.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("restores-execute", apiHttpOptions(restoresExecuteRoute));
