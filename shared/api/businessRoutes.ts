// Every endpoint of the API except the OpenAPI document itself. New endpoints (backups, restores,
// reconcile, connection verification) are added here and get a trigger file in functions/.
import type { ApiRouteDefinition } from "./apiRoute.js";
import { auditListRoute } from "./routes/auditList.js";
import { healthRoute } from "./routes/health.js";
import { meRoute } from "./routes/me.js";
import { notificationsListRoute } from "./routes/notificationsList.js";
import { notificationsReadRoute } from "./routes/notificationsRead.js";
import { opsReconcileRoute } from "./routes/opsReconcile.js";
import { runsCancelRoute } from "./routes/runsCancel.js";
import { runsFailuresRoute } from "./routes/runsFailures.js";
import { runsGetRoute } from "./routes/runsGet.js";
import { runsListRoute } from "./routes/runsList.js";
import { runsRetryRoute } from "./routes/runsRetry.js";
import { tenantsCreateRoute } from "./routes/tenantsCreate.js";
import { tenantsListRoute } from "./routes/tenantsList.js";
import { tenantsVerifyRoute } from "./routes/tenantsVerify.js";
import { workspacesListRoute } from "./routes/workspacesList.js";
import { backupsStartRoute } from "./routes/backupsStart.js";
import { backupSetsListRoute } from "./routes/backupSetsList.js";
import { backupSetsGetRoute } from "./routes/backupSetsGet.js";
import { backupSetItemsRoute } from "./routes/backupSetItems.js";
import { restoresCreateRoute } from "./routes/restoresCreate.js";
import { restoresGetRoute } from "./routes/restoresGet.js";
import { restoresPreviewRoute } from "./routes/restoresPreview.js";
import { restoresExecuteRoute } from "./routes/restoresExecute.js";

export const businessRoutes: readonly ApiRouteDefinition[] = [
  healthRoute,
  meRoute,
  workspacesListRoute,
  tenantsListRoute,
  tenantsCreateRoute,
  tenantsVerifyRoute,
  runsListRoute,
  runsGetRoute,
  runsFailuresRoute,
  runsCancelRoute,
  runsRetryRoute,
  auditListRoute,
  notificationsListRoute,
  notificationsReadRoute,
  backupsStartRoute,
  backupSetsListRoute,
  backupSetsGetRoute,
  backupSetItemsRoute,
  restoresCreateRoute,
  restoresGetRoute,
  restoresPreviewRoute,
  restoresExecuteRoute,
  opsReconcileRoute,
];
