// GET /api/workspaces/{workspaceId}/audit: audit entries newest first, filtered and paged (audit.view).
import { app } from "@azure/functions";

import { auditListRoute } from "../shared/api/routes/auditList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("audit-list", apiHttpOptions(auditListRoute));
