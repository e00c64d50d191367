// POST /api/workspaces/{workspaceId}/tenants/{tenantId}/verify: verify the provider connection (connections.verify).
import { app } from "@azure/functions";

import { tenantsVerifyRoute } from "../shared/api/routes/tenantsVerify.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("tenants-verify", apiHttpOptions(tenantsVerifyRoute));
