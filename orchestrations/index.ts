// Registers every orchestration and activity of backup, restore and connection verification with the Functions host. The app entry
// imports this once, after the composition root has called setActivityDeps.
export { assignmentsFetchBatchActivity } from "./assignmentsFetchActivities.js";
export { assignmentsFetchOrchestration } from "./assignmentsFetchOrchestrator.js";
export {
  assignmentsFetchStartActivity,
  backupCompleteActivity,
  backupListTypeActivity,
  backupStartActivity,
} from "./backupActivities.js";
export { backupOrchestration } from "./backupOrchestrator.js";
export {
  restoreCompleteActivity,
  restoreItemsBatchActivity,
  restoreStartActivity,
} from "./restoreActivities.js";
export { restoreExecuteOrchestration } from "./restoreExecuteOrchestrator.js";
export { runCompleteActivity, runProgressActivity } from "./runActivities.js";
export { providerConnectionVerifyCheckActivity } from "./verifyConnectionActivities.js";
export { providerConnectionVerifyOrchestration } from "./verifyConnectionOrchestrator.js";
export { verifyInputSchema, verifyNames } from "./verifyConnectionContracts.js";
export { type ActivityDeps, setActivityDeps } from "./activityDeps.js";
export { activityNames, orchestrationNames } from "./contracts.js";
