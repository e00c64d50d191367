// GET /api/workspaces: the caller's workspaces.
import { app } from "@azure/functions";

import { workspacesListRoute } from "../shared/api/routes/workspacesList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("workspaces-list", apiHttpOptions(workspacesListRoute));
