// POST /api/workspaces/{workspaceId}/ops/reconcile: a reconcile pass over the workspace now (reconcile.run).
import { app } from "@azure/functions";

import { opsReconcileRoute } from "../shared/api/routes/opsReconcile.js";
import { apiHttpOptions } from "./adapters/httpAdapter.js";

app.http("ops-reconcile", apiHttpOptions(opsReconcileRoute));
