// Starts and stops Azurite (the npm package) as a child process, data in a git-ignored folder.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import path from "node:path";
import { azuriteConnectionString, type AzuritePorts } from "./host/storageConnection.js";

export interface AzuriteOptions {
  /** Workspace folder; defaults to .local-data/azurite under the current directory. */
  dataDir?: string;
  ports?: Partial<AzuritePorts>;
  host?: string;
  /** Pipe Azurite's own output to ours. */
  verbose?: boolean;
}

export interface AzuriteHandle {
  ports: AzuritePorts;
  connectionString: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const azuriteBin = (): string => {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "azurite.js");
};

async function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteHandle> {
  const host = options.host ?? "127.0.0.1";
  const ports: AzuritePorts = {
    blob: options.ports?.blob ?? 10000,
    queue: options.ports?.queue ?? 10001,
    table: options.ports?.table ?? 10002,
  };
  for (const [service, port] of [
    ["blob", ports.blob],
    ["queue", ports.queue],
    ["table", ports.table],
  ] as const) {
    if (await portOpen(host, port)) {
      throw new Error(
        `Azurite ${service} port ${port} is already in use: stop the other process or pick another port.`,
      );
    }
  }
  const dataDir = options.dataDir ?? path.resolve(".local-data", "azurite");
  mkdirSync(dataDir, { recursive: true });
  const args = [
    azuriteBin(),
    "--blobHost",
    host,
    "--blobPort",
    String(ports.blob),
    "--queueHost",
    host,
    "--queuePort",
    String(ports.queue),
    "--tableHost",
    host,
    "--tablePort",
    String(ports.table),
    "--location",
    dataDir,
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--loose",
    "--silent",
  ];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", options.verbose ? "inherit" : "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      resolve(code);
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await Promise.all([ports.blob, ports.queue, ports.table].map((p) => portOpen(host, p)));
    if (ready.every(Boolean)) break;
    if (child.exitCode !== null)
      throw new Error(`Azurite exited (${child.exitCode}): ${stderr.trim().split("\n")[0] ?? ""}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("Azurite did not start within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    ports,
    connectionString: azuriteConnectionString(ports, host),
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Azurite flushes its stores on SIGTERM; a SIGKILL loses its last seconds of writes (Durable history
      // and queue messages), so even a loaded machine gets time to finish before the hard kill.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
