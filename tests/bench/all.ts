// `npm run bench [filter]`: runs every `bench:*` script of package.json (found at run time, so benches other
// work adds are included), one after another, each in its own process; collects the JSON object each prints
// and writes test-results/bench-summary.json, then prints it. Exits 1 when a bench failed or printed no
// figures. BENCH_TIMEOUT_S (default 1800) bounds one bench.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";

import { benchScripts, benchSummary, type BenchRun } from "../support/benchSummary.js";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};
const names = benchScripts(pkg.scripts, process.argv[2]);
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? "1800") * 1000;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function runBench(name: string): Promise<BenchRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(npm, ["run", "--silent", name], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ name, exitCode, signal, durationS: (performance.now() - started) / 1000, stdout, stderr });
    });
  });
}

if (names.length === 0) {
  process.stderr.write(`No bench:* script matches ${JSON.stringify(process.argv[2] ?? "")}\n`);
  process.exit(1);
}
const runs: BenchRun[] = [];
for (const name of names) {
  process.stderr.write(`[bench] ${name} …\n`);
  const result = await runBench(name);
  process.stderr.write(
    `[bench] ${name}: exit ${String(result.exitCode)} in ${result.durationS.toFixed(1)} s\n`,
  );
  runs.push(result);
}
const summary = benchSummary(runs, {
  node: process.version,
  cpus: availableParallelism(),
  loadavg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
});
mkdirSync(path.join(root, "test-results"), { recursive: true });
const text = `${JSON.stringify(summary, null, 2)}\n`;
writeFileSync(path.join(root, "test-results/bench-summary.json"), text);
process.stdout.write(text);
process.exit(summary.ok ? 0 : 1);
