// Test helper: builds what the host runs (when sources changed), then runs the built host for an app
// directory as a child process on a free port, as `npm run host` does.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../local/freePort.js";

const root = path.resolve(import.meta.dirname, "../..");
export const fixtureAppDir = path.join(root, "tests/fixtures/host-app");

function newestMtime(dir: string, ext: RegExp): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, ext));
    else if (ext.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs the build when host or fixture sources are newer than their output. */
export function ensureBuilt(): void {
  const sources = Math.max(
    newestMtime(path.join(root, "local"), /\.ts$/),
    newestMtime(fixtureAppDir, /\.ts$/),
  );
  const built = Math.min(
    newestMtime(path.join(root, "dist/local"), /\.js$/) || 0,
    newestMtime(path.join(root, "dist/tests/fixtures/host-app"), /\.js$/) || 0,
  );
  if (built >= sources) return;
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}

export interface TestHost {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** The settings it was started with, to start another host on the same stack (crash tests). */
  env: Record<string, string>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface TestHostOptions {
  appDir?: string;
  env?: Record<string, string>;
  port?: number;
  leaseSeconds?: number;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      path.join(root, "dist/local/host/main.js"),
      options.appDir ?? fixtureAppDir,
      "--port",
      String(port),
      "--lease-seconds",
      String(options.leaseSeconds ?? 2),
    ],
    { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split("\n")) {
        if (line.trim() !== "") output.push(line);
        if (line.startsWith("Host listening on")) resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      reject(new Error(`host exited with ${code}: ${output.slice(-5).join(" | ")}`));
    });
  });
  await ready;
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output,
    env: options.env ?? {},
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}
