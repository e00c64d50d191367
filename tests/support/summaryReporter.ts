// Prints the plain closing line CI reads ("N passed, N failed") from vitest's own results.
import { mkdirSync, writeFileSync } from "node:fs";

import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }
      if (mod.state() === "failed" && [...mod.children.allTests()].length === 0) failed += 1;
    }
    const line = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/summary.txt", `${line}\n`);
    process.stdout.write(`\n${line}\n`);
  }
}
