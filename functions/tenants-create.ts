// POST /api/workspaces/{workspaceId}/tenants: onboard a tenant (tenants.onboard, owner).
import { app } from "@azure/functions";

import { tenantsCreateRoute } from "../shared/api/routes/tenantsCreate.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("tenants-create", apiHttpOptions(tenantsCreateRoute));
