// Reads a Functions app directory the way the host does: host.json, package.json "main", local settings.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const hostJsonSchema = z.looseObject({
  functionTimeout: z.string().optional(),
  extensions: z
    .looseObject({
      http: z.looseObject({ routePrefix: z.string().optional() }).optional(),
      durableTask: z
        .looseObject({
          hubName: z.string().optional(),
          maxConcurrentActivityFunctions: z.number().int().positive().optional(),
        })
        .optional(),
    })
    .optional(),
});

const packageJsonSchema = z.looseObject({ main: z.string().optional() });
const settingsSchema = z.looseObject({ Values: z.record(z.string(), z.unknown()).optional() });

export interface AppConfig {
  appDir: string;
  routePrefix: string;
  hubName: string;
  functionTimeoutMs: number;
  maxConcurrentActivities: number;
  entryFiles: string[];
}

/** Replaces `%NAME%` with the app setting NAME, as host.json and binding options allow. */
export function resolveSettingRefs(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (whole, name: string) => env[name] ?? whole);
}

/** Loads local.settings.json (else the example file) "Values" into process.env; the environment wins. */
export function loadLocalSettings(appDir: string): void {
  const candidates = ["local.settings.json", "local.settings.example.json"].map((f) => path.join(appDir, f));
  const file = candidates.find((f) => existsSync(f));
  if (!file) return;
  const parsed = settingsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (process.env[key] === undefined && value !== null && value !== undefined) {
      process.env[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
}

/** "hh:mm:ss" or "d.hh:mm:ss" → milliseconds. */
export function parseTimeSpan(value: string): number | undefined {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  const ms = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return (
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + ms
  );
}

/** Expands a package.json "main" that may hold `*` and `**` segments into files. */
export function expandMain(appDir: string, main: string): string[] {
  const parts = main.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  const results: string[] = [];
  const walk = (dir: string, index: number): void => {
    if (index === parts.length) {
      if (existsSync(dir) && statSync(dir).isFile()) results.push(dir);
      return;
    }
    const part = parts[index] ?? "";
    if (part === "**") {
      walk(dir, index + 1);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), index);
      }
      return;
    }
    if (!part.includes("*")) {
      walk(path.join(dir, part), index + 1);
      return;
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    const pattern = new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    for (const entry of readdirSync(dir).sort()) {
      if (pattern.test(entry)) walk(path.join(dir, entry), index + 1);
    }
  };
  walk(appDir, 0);
  return results.filter((f) => /\.(c|m)?js$/.test(f));
}

export function readAppConfig(appDir: string): AppConfig {
  const dir = path.resolve(appDir);
  const hostFile = path.join(dir, "host.json");
  const hostJson = hostJsonSchema.parse(
    existsSync(hostFile) ? JSON.parse(readFileSync(hostFile, "utf8")) : {},
  );
  const pkg = packageJsonSchema.parse(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")));
  const routePrefix = (hostJson.extensions?.http?.routePrefix ?? "api").replace(/^\/+|\/+$/g, "");
  const hubName = resolveSettingRefs(hostJson.extensions?.durableTask?.hubName ?? "TestHubName");
  const functionTimeoutMs = parseTimeSpan(hostJson.functionTimeout ?? "00:05:00") ?? 300_000;
  const entryFiles = pkg.main ? expandMain(dir, pkg.main) : [];
  const maxConcurrentActivities = hostJson.extensions?.durableTask?.maxConcurrentActivityFunctions ?? 32;
  return { appDir: dir, routePrefix, hubName, functionTimeoutMs, maxConcurrentActivities, entryFiles };
}
