// The pure part of `npm run bench` (tests/bench/all.ts): which `bench:*` scripts to run, the JSON object a
// bench printed, and the summary written to test-results/bench-summary.json.

/** `bench:*` script names of package.json, sorted; a filter keeps names containing it (`ledger`, `bench:host`). */
export function benchScripts(scripts: Readonly<Record<string, string>>, filter?: string): string[] {
  const wanted = filter?.replace(/^bench:/, "");
  return Object.keys(scripts)
    .filter((name) => name.startsWith("bench:"))
    .filter((name) => wanted === undefined || wanted === "" || name.slice("bench:".length).includes(wanted))
    .sort();
}

/**
 * The figures a bench printed: its last stdout line that is a JSON object. Benches print one such line;
 * anything else (progress, npm's banner) is ignored. Null when there is none.
 */
export function benchFigures(stdout: string): Record<string, unknown> | null {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? "";
    if (!line.startsWith("{") || !line.endsWith("}")) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // Not JSON after all (a log line in braces): keep looking.
    }
  }
  return null;
}

export interface BenchRun {
  name: string;
  exitCode: number | null;
  signal: string | null;
  durationS: number;
  stdout: string;
  stderr: string;
}

export interface BenchEntry {
  ok: boolean;
  exit_code: number | null;
  duration_s: number;
  figures: Record<string, unknown> | null;
  /** Last lines of stderr when the bench failed or printed no figures (sanitized by the bench itself). */
  error?: string;
}

export interface BenchSummary {
  generated_at: string;
  machine: { node: string; cpus: number; loadavg_1m: number };
  ok: boolean;
  failed: string[];
  benches: Record<string, BenchEntry>;
}

export function benchSummary(
  runs: readonly BenchRun[],
  machine: BenchSummary["machine"],
  now: Date = new Date(),
): BenchSummary {
  const benches: Record<string, BenchEntry> = {};
  const failed: string[] = [];
  for (const run of runs) {
    const figures = benchFigures(run.stdout);
    const ok = run.exitCode === 0 && figures !== null;
    const entry: BenchEntry = {
      ok,
      exit_code: run.exitCode,
      duration_s: Math.round(run.durationS * 10) / 10,
      figures,
    };
    if (!ok) {
      const why =
        run.signal !== null
          ? `killed by ${run.signal}`
          : figures === null && run.exitCode === 0
            ? "printed no JSON object"
            : "";
      const tail = run.stderr.trim().split(/\r?\n/).slice(-5).join("\n");
      entry.error = [why, tail].filter((s) => s !== "").join("\n") || `exit code ${String(run.exitCode)}`;
      failed.push(run.name);
    }
    benches[run.name] = entry;
  }
  return { generated_at: now.toISOString(), machine, ok: failed.length === 0, failed, benches };
}
