// GET /api/workspaces/{workspaceId}/notifications: the caller's run notifications.
import { app } from "@azure/functions";

import { notificationsListRoute } from "../shared/api/routes/notificationsList.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("notifications-list", apiHttpOptions(notificationsListRoute));
