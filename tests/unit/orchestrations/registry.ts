// Wires the real orchestrators and activities to test ports for the replay harness.
import type { ActivityDeps } from "../../../orchestrations/activityDeps.js";
import {
  assignmentsFetchBatch,
  assignmentsFetchShardFailed,
} from "../../../orchestrations/assignmentsFetchActivities.js";
import { assignmentsFetchOrchestrator } from "../../../orchestrations/assignmentsFetchOrchestrator.js";
import {
  assignmentsFetchStart,
  backupComplete,
  backupListType,
  backupStart,
} from "../../../orchestrations/backupActivities.js";
import { backupOrchestrator } from "../../../orchestrations/backupOrchestrator.js";
import { activityNames, orchestrationNames } from "../../../orchestrations/contracts.js";
import {
  restoreComplete,
  restoreItemsBatch,
  restoreItemsBatchFailed,
  restoreStart,
} from "../../../orchestrations/restoreActivities.js";
import { restoreExecuteOrchestrator } from "../../../orchestrations/restoreExecuteOrchestrator.js";
import { runComplete, runProgress } from "../../../orchestrations/runActivities.js";
import type { ActivityHandler, HarnessRegistry } from "./replayHarness.js";

type Wrap = (name: string, handler: ActivityHandler) => ActivityHandler;

/** `wrap` lets a test inject faults around one activity (e.g. throw on the first attempt). */
export function registry(deps: ActivityDeps, wrap: Wrap = (_n, h) => h): HarnessRegistry {
  const bind =
    (fn: (input: unknown, deps: ActivityDeps) => Promise<unknown>): ActivityHandler =>
    (input) =>
      fn(input, deps);
  const activities: Record<string, ActivityHandler> = {
    [activityNames.runProgress]: bind(runProgress),
    [activityNames.runComplete]: bind(runComplete),
    [activityNames.backupStart]: bind(backupStart),
    [activityNames.backupListType]: bind(backupListType),
    [activityNames.assignmentsFetchStart]: bind(assignmentsFetchStart),
    [activityNames.assignmentsFetchBatch]: bind(assignmentsFetchBatch),
    [activityNames.assignmentsFetchShardFailed]: bind(assignmentsFetchShardFailed),
    [activityNames.backupComplete]: bind(backupComplete),
    [activityNames.restoreStart]: bind(restoreStart),
    [activityNames.restoreItemsBatch]: bind(restoreItemsBatch),
    [activityNames.restoreItemsBatchFailed]: bind(restoreItemsBatchFailed),
    [activityNames.restoreComplete]: bind(restoreComplete),
  };
  for (const [name, handler] of Object.entries(activities)) activities[name] = wrap(name, handler);
  return {
    activities,
    orchestrators: {
      [orchestrationNames.backup]: backupOrchestrator,
      [orchestrationNames.assignmentsFetch]: assignmentsFetchOrchestrator,
      [orchestrationNames.restoreExecute]: restoreExecuteOrchestrator,
    },
  };
}
