// `npm run bench` collection: discovery of bench scripts, the figures line, failures named in the summary.
import { describe, expect, it } from "vitest";

import { benchFigures, benchScripts, benchSummary, type BenchRun } from "./benchSummary.js";

const machine = { node: "v20", cpus: 2, loadavg_1m: 1 };
const run = (over: Partial<BenchRun>): BenchRun => ({
  name: "bench:x",
  exitCode: 0,
  signal: null,
  durationS: 1.234,
  stdout: "",
  stderr: "",
  ...over,
});

describe("benchScripts", () => {
  const scripts = {
    bench: "tsx all.ts",
    "bench:ledger": "a",
    "bench:host": "b",
    build: "c",
    "bench:load": "d",
  };
  it("finds every bench:* script, sorted, never `bench` itself", () => {
    expect(benchScripts(scripts)).toEqual(["bench:host", "bench:ledger", "bench:load"]);
  });
  it("keeps names containing the filter, with or without the prefix", () => {
    expect(benchScripts(scripts, "lo")).toEqual(["bench:load"]);
    expect(benchScripts(scripts, "bench:ledger")).toEqual(["bench:ledger"]);
    expect(benchScripts(scripts, "nope")).toEqual([]);
  });
});

describe("benchFigures", () => {
  it("takes the last JSON object line, ignoring banners, logs and arrays", () => {
    const stdout = [
      "> x@1 bench:x",
      '{"warmup":1}',
      "{not json}",
      '{"runs":50,"p95":12.5}',
      "[1,2]",
      "done",
      "",
    ].join("\n");
    expect(benchFigures(stdout)).toEqual({ runs: 50, p95: 12.5 });
  });
  it("is null when nothing parses", () => {
    expect(benchFigures("hello\n[1]\n{oops")).toBeNull();
  });
});

describe("benchSummary", () => {
  it("records figures per bench and names the failures with their reason", () => {
    const summary = benchSummary(
      [
        run({ name: "bench:a", stdout: '{"x":1}\n' }),
        run({ name: "bench:b", exitCode: 1, stdout: '{"violations":2}', stderr: "l1\nl2\nl3\nl4\nl5\nl6\n" }),
        run({ name: "bench:c", stdout: "no figures" }),
        run({ name: "bench:d", exitCode: null, signal: "SIGTERM" }),
      ],
      machine,
      new Date("2026-12-02T00:00:00Z"),
    );
    expect(summary.ok).toBe(false);
    expect(summary.failed).toEqual(["bench:b", "bench:c", "bench:d"]);
    expect(summary.benches["bench:a"]).toEqual({
      ok: true,
      exit_code: 0,
      duration_s: 1.2,
      figures: { x: 1 },
    });
    expect(summary.benches["bench:b"]?.figures).toEqual({ violations: 2 });
    expect(summary.benches["bench:b"]?.error).toBe("l2\nl3\nl4\nl5\nl6");
    expect(summary.benches["bench:c"]?.error).toBe("printed no JSON object");
    expect(summary.benches["bench:d"]?.error).toBe("killed by SIGTERM");
    expect(summary.generated_at).toBe("2026-12-02T00:00:00.000Z");
  });
  it("is ok when every bench exited 0 with figures", () => {
    expect(benchSummary([run({ stdout: "{}" })], machine).ok).toBe(true);
  });
});
