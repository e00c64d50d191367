// Load on the whole local stack, CI profile (10 tenants × 5 operators): no 5xx, dedupe exact (one run per
// tenant, every deduped answer names it), every run succeeded, each backup equal to the simulator's truth.
// The full profile (50 × 5) is `npm run bench:load` (tests/bench/load.ts). Figures are printed as JSON.
import { afterAll, beforeAll, expect, it } from "vitest";

import { type E2eStack, startE2eStack } from "../e2e/stack.js";
import { type LoadProfile, runLoad } from "./loadDriver.js";

const ciProfile: LoadProfile = {
  tenants: 10,
  operatorsPerTenant: 5,
  policiesPerTenant: 6,
  pollMs: 500,
  rampMs: 2000,
  runTimeoutMs: 180_000,
};

let stack: E2eStack;
beforeAll(async () => {
  stack = await startE2eStack();
}, 180_000);
afterAll(async () => {
  await stack.stop();
});

it("10 tenants × 5 operators: no 5xx, one run per tenant, all succeeded, backups equal the simulator", async () => {
  const { figures, violations } = await runLoad(stack, ciProfile);
  console.log(JSON.stringify({ load: figures }));
  expect(violations).toEqual([]);
  expect(figures.errors_5xx).toBe(0);
  expect(figures.runs).toBe(ciProfile.tenants);
  expect(figures.deduped).toBe(ciProfile.tenants * (ciProfile.operatorsPerTenant - 1));
  expect(figures.completed_succeeded).toBe(ciProfile.tenants);
  expect(figures.backup_items).toBe(ciProfile.tenants * ciProfile.policiesPerTenant);
}, 240_000);
