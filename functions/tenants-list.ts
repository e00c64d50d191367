// GET /api/workspaces/{workspaceId}/tenants: the workspace's tenants (tenants.view).
import { app } from "@azure/functions";

import { tenantsListRoute } from "../shared/api/routes/tenantsList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("tenants-list", apiHttpOptions(tenantsListRoute));
