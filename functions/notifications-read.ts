// POST /api/workspaces/{workspaceId}/notifications/read: mark the caller's notifications read.
import { app } from "@azure/functions";

import { notificationsReadRoute } from "../shared/api/routes/notificationsRead.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("notifications-read", apiHttpOptions(notificationsReadRoute));
