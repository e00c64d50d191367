// GET /api/health: reachability of Cosmos DB, Storage and Graph (anonymous).
import { app } from "@azure/functions";

import { healthRoute } from "../shared/api/routes/health.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("health", apiHttpOptions(healthRoute));
