// Makes sure web/dist exists for browser tests (CI runs `npm run build:web` first; this covers a bare
// `vitest run`). Builds only when the app shell is missing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const webDir = fileURLToPath(new URL("../../../web", import.meta.url));
export const webRoot = fileURLToPath(new URL("../../../web/dist", import.meta.url));

export function ensureWebBuild(): string {
  if (existsSync(`${webRoot}/index.html`)) return webRoot;
  if (!existsSync(`${webDir}/node_modules`))
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: webDir, stdio: "inherit" });
  execFileSync("npm", ["run", "build"], { cwd: webDir, stdio: "inherit" });
  return webRoot;
}
