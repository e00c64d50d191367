// Resolves and sends files of the built dashboard, refusing anything outside the web root.
import { readFile, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const mimeTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** The absolute file for a URL path, or undefined when it is not a file inside webRoot. */
export async function resolveStaticFile(webRoot: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const root = normalize(webRoot);
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
    if (info.isDirectory()) {
      const index = join(file, "index.html");
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export async function sendFile(
  res: ServerResponse,
  file: string,
  options: {
    status?: number;
    headOnly?: boolean;
    headers?: Record<string, string>;
    mimeTypes?: Record<string, string>;
  },
): Promise<void> {
  const body = await readFile(file);
  const ext = extname(file).toLowerCase();
  const type = options.mimeTypes?.[ext] ?? mimeTypes[ext] ?? "application/octet-stream";
  res.statusCode = options.status ?? 200;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", body.length);
  // The app shell must never be cached (it names the hashed assets of the current build).
  if (ext === ".html") res.setHeader("Cache-Control", "no-cache");
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.end(options.headOnly === true ? undefined : body);
}
