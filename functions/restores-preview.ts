// GET /api/workspaces/{workspaceId}/restores/{restoreRunId}/preview: the assignment diff per item (backups.view).
import { app } from "@azure/functions";

import { restoresPreviewRoute } from "../shared/api/routes/restoresPreview.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("restores-preview", apiHttpOptions(restoresPreviewRoute));
