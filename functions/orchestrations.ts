// Registers the backup and restore orchestrations and activities with the Functions host (importing
// orchestrations/ registers them) and installs their ports: composed once, on the first activity, from
// the app settings. A bad setting fails that activity with one line naming the setting, logged once.
import { setActivityDeps } from "../orchestrations/index.js";
import { composeActivities, type ComposedActivities } from "../shared/app/composeActivities.js";
import { ConfigError, loadSettings } from "../shared/config/settings.js";

let composed: ComposedActivities | null = null;
let reported = false;

export function activityDeps(): ComposedActivities {
  if (composed !== null) return composed;
  try {
    composed = composeActivities(loadSettings(process.env));
    return composed;
  } catch (error) {
    if (!reported) {
      reported = true;
      console.error(error instanceof ConfigError ? error.message : "activities: composition failed");
    }
    throw error;
  }
}

setActivityDeps(activityDeps);
