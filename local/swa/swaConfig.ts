// The subset of staticwebapp.config.json the local front door enforces: routes (roles, status codes,
// redirects, rewrites, headers), navigation fallback, response overrides and global headers.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";

import { z } from "zod";

const routeSchema = z.object({
  route: z.string().min(1),
  methods: z.array(z.string()).optional(),
  allowedRoles: z.array(z.string()).optional(),
  statusCode: z.number().int().optional(),
  redirect: z.string().optional(),
  rewrite: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type SwaRoute = z.infer<typeof routeSchema>;

const overrideSchema = z.object({
  redirect: z.string().optional(),
  rewrite: z.string().optional(),
  statusCode: z.number().int().optional(),
});

export const swaConfigSchema = z.object({
  routes: z.array(routeSchema).default([]),
  navigationFallback: z
    .object({ rewrite: z.string().startsWith("/"), exclude: z.array(z.string()).default([]) })
    .optional(),
  responseOverrides: z.record(z.string(), overrideSchema).default({}),
  globalHeaders: z.record(z.string(), z.string()).default({}),
  mimeTypes: z.record(z.string(), z.string()).default({}),
});
export type SwaConfig = z.infer<typeof swaConfigSchema>;

const emptyConfig: SwaConfig = swaConfigSchema.parse({});

/**
 * Matches an SWA route pattern: `/a/b` exactly, `/a/*` = `/a` and everything below it, `*.{css,js}` and
 * `/a/*.png` = by extension; case-insensitive like the platform.
 */
export function matchesRoutePattern(pattern: string, path: string): boolean {
  const p = pattern.toLowerCase();
  const target = path.toLowerCase();
  if (p === "*" || p === "/*") return true;
  const braces = /^(.*)\*\.\{([^}]+)\}$/.exec(p);
  if (braces) {
    const prefix = braces[1] ?? "";
    const exts = (braces[2] ?? "").split(",").map((e) => `.${e.trim()}`);
    return target.startsWith(prefix) && exts.some((ext) => target.endsWith(ext));
  }
  const starExt = /^(.*)\*(\.[a-z0-9]+)$/.exec(p);
  if (starExt) return target.startsWith(starExt[1] ?? "") && target.endsWith(starExt[2] ?? "");
  if (p.endsWith("/*")) {
    const prefix = p.slice(0, -2);
    return target === prefix || target.startsWith(`${prefix}/`);
  }
  if (p.endsWith("*")) return target.startsWith(p.slice(0, -1));
  return target === p || target === `${p}/`;
}

/** The first route that matches path and method, as on the platform. */
export function findRoute(config: SwaConfig, path: string, method: string): SwaRoute | undefined {
  return config.routes.find(
    (r) =>
      matchesRoutePattern(r.route, path) &&
      (r.methods === undefined || r.methods.map((m) => m.toUpperCase()).includes(method.toUpperCase())),
  );
}

/** Whether a navigation to path falls back to the app shell. */
export function usesNavigationFallback(config: SwaConfig, path: string): boolean {
  const fallback = config.navigationFallback;
  if (fallback === undefined) return false;
  return !fallback.exclude.some((pattern) => matchesRoutePattern(pattern, path));
}

/** Loads the config from the web root, re-reading it when the file changes (a rebuild of web/dist). */
export class SwaConfigFile {
  private cached: { mtimeMs: number; config: SwaConfig } | undefined;

  constructor(private readonly webRoot: string) {}

  async load(): Promise<SwaConfig> {
    const file = join(this.webRoot, "staticwebapp.config.json");
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return emptyConfig;
    }
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.config;
    const config = swaConfigSchema.parse(JSON.parse(await readFile(file, "utf8")));
    this.cached = { mtimeMs, config };
    return config;
  }
}
