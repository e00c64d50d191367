// GET /api/me: the caller, their workspaces, roles and capabilities.
import { app } from "@azure/functions";

import { meRoute } from "../shared/api/routes/me.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("me", apiHttpOptions(meRoute));
