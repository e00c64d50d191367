// The API's adapters for this process, composed once on first use from the app settings. A failed
// composition (bad settings, store unreachable at start) is retried on the next request.
import { composeApi, type ApiRuntime } from "../../shared/app/compose.js";
import { loadSettings } from "../../shared/config/settings.js";

let runtime: Promise<ApiRuntime> | null = null;

export function apiRuntime(): Promise<ApiRuntime> {
  runtime ??= composeApi(loadSettings(process.env)).catch((error: unknown) => {
    runtime = null;
    throw error;
  });
  return runtime;
}
