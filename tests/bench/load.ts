// `npm run bench:load`: the full load profile on the whole local stack — 50 tenants × 5 concurrent operators
// starting the same backup and polling it (tests/load/loadDriver.ts). Prints one JSON object: runs, deduped,
// errors_5xx, runs_per_min, API p50/p95 latency (ms) and the invariants' verdict; exits 1 if one broke.
import { startE2eStack } from "../e2e/stack.js";
import { runLoad } from "../load/loadDriver.js";
import { ensureBuilt } from "../support/host.js";

const arg = (name: string, fallback: number): number => {
  const value = process.env[`LOAD_${name}`];
  return value === undefined ? fallback : Number(value);
};

ensureBuilt();
const stack = await startE2eStack();
let failed = false;
try {
  const { figures, violations } = await runLoad(stack, {
    tenants: arg("TENANTS", 50),
    operatorsPerTenant: arg("OPERATORS", 5),
    policiesPerTenant: arg("POLICIES", 6),
    pollMs: arg("POLL_MS", 3000),
    rampMs: arg("RAMP_MS", 5000),
    runTimeoutMs: arg("RUN_TIMEOUT_MS", 1_500_000),
  });
  failed = violations.length > 0;
  process.stdout.write(
    `${JSON.stringify({ ...figures, violations: violations.length, first_violations: violations.slice(0, 5) })}\n`,
  );
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
