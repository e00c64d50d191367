// `npm run test:chaos`: the chaos and secrets suites with the full chaos profile, as a launcher rather than a
// `CHAOS_PROFILE=full vitest …` prefix, which only POSIX shells understand. Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const vitestPackage = require.resolve("vitest/package.json");
const { bin } = require(vitestPackage) as { bin: { vitest: string } };
const result = spawnSync(
  process.execPath,
  [
    path.join(path.dirname(vitestPackage), bin.vitest),
    "run",
    "tests/chaos",
    "tests/secrets",
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { ...process.env, CHAOS_PROFILE: "full" } },
);
if (result.error) throw result.error;
if (result.signal !== null) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
