// GET /api/openapi.json: the OpenAPI 3.1 document generated from the zod schemas (anonymous).
import { app } from "@azure/functions";

import { openApiRoute } from "../shared/api/routes/openapi.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("openapi", apiHttpOptions(openApiRoute));
