// Regenerates infra/app/cosmos-containers.json from shared/store: `npx tsx tests/infra/writeCosmosLayout.ts`.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { cosmosLayoutFromStore } from "./cosmosLayout.js";

const target = resolve(import.meta.dirname, "../../infra/app/cosmos-containers.json");
writeFileSync(target, `${JSON.stringify(cosmosLayoutFromStore(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
