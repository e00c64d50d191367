// `npm run seed`: seeds the demo workspace into the Cosmos DB named by the settings (environment, falling
// back to local.settings.json's Values). Prints one line; a bad setting is one line naming it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { ConfigError, loadSettings } from "../../shared/config/settings.js";
import { DomainError } from "../../shared/domain/errors.js";
import { createCosmosStore } from "../../shared/store/cosmosStore.js";
import { seedDemoWorkspace } from "./seedDemo.js";

function settingsEnv(): Record<string, string | undefined> {
  const file = join(process.cwd(), "local.settings.json");
  let values: Record<string, string> = {};
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null && "Values" in parsed) {
      const raw = parsed.Values;
      if (typeof raw === "object" && raw !== null) {
        values = Object.fromEntries(
          Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
      }
    }
  }
  return { ...values, ...process.env };
}

async function main(): Promise<void> {
  const settings = loadSettings(settingsEnv());
  const store = await createCosmosStore(settings);
  try {
    const report = await seedDemoWorkspace(store.directory);
    console.log(
      `seed: demo workspace ready (${String(report.created)} created, ${String(report.existing)} existing)`,
    );
  } finally {
    store.dispose();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainError) console.error(error.message);
  else console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
