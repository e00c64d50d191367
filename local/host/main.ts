// CLI: `node dist/local/host/main.js [appDir] [--port N]` runs the local Functions host for a built app.
import { parseArgs } from "node:util";
import { FunctionsHost, PortInUseError } from "./functionsHost.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string" }, "lease-seconds": { type: "string" } },
});
const appDir = positionals[0] ?? process.cwd();
const port = Number(values.port ?? process.env.LOCAL_HOST_PORT ?? "7071");
const leaseSeconds = Number(values["lease-seconds"] ?? process.env.LOCAL_HOST_LEASE_SECONDS ?? "10");

try {
  const host = await FunctionsHost.start({ appDir, port, leaseSeconds });
  process.stdout.write(`Host listening on ${host.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host.stop().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (err) {
  process.stderr.write(
    `${err instanceof PortInUseError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}
