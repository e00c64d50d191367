// POST /api/workspaces/{workspaceId}/restores: create a restore run (restores.create).
import { app } from "@azure/functions";

import { restoresCreateRoute } from "../shared/api/routes/restoresCreate.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("restores-create", apiHttpOptions(restoresCreateRoute));
