// Every endpoint × caller: owner, operator, readonly, a non-member, a member of another workspace, an
// anonymous caller, and a member naming a resource of another workspace. The expected code comes from
// the table below (minimum role per route, written out independently of the code under test).
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiRoutes } from "../../shared/api/apiRoutes.js";
import type { Role } from "../../shared/domain/directory.js";
import { type ApiWorld, type Caller, startApiWorld } from "./support/apiWorld.js";
import { expectContract } from "./support/responseContract.js";

type Minimum = "anonymous" | "authenticated" | Role;

interface Case {
  minimum: Minimum;
  success: number;
  /** Builds a fresh valid request against ws-a (a new run or tenant where the call changes state). */
  request(
    world: ApiWorld,
    runWorkspace?: "ws-a" | "ws-b",
  ): Promise<{ method: string; path: string; body?: unknown }>;
  /** Routes that name a run: the same call naming a run of ws-b must be 404. */
  namesRun?: boolean;
}

async function freshRun(world: ApiWorld, ws: "ws-a" | "ws-b", completeAs?: "failed") {
  return world.newRun(ws, completeAs ?? "running");
}

const cases: Readonly<Record<string, Case>> = {
  health: {
    minimum: "anonymous",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/health" }),
  },
  openapi: {
    minimum: "anonymous",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/openapi.json" }),
  },
  me: {
    minimum: "authenticated",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/me" }),
  },
  "workspaces-list": {
    minimum: "authenticated",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/workspaces" }),
  },
  "tenants-list": {
    minimum: "readonly",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/workspaces/ws-a/tenants" }),
  },
  "tenants-create": {
    minimum: "owner",
    success: 201,
    request: () =>
      Promise.resolve({
        method: "POST",
        path: "/api/workspaces/ws-a/tenants",
        body: { externalId: randomUUID(), displayName: "Matrix", credentialRef: "keyvault:matrix" },
      }),
  },
  "tenants-verify": {
    minimum: "operator",
    success: 202,
    request: (world) =>
      Promise.resolve({
        method: "POST",
        path: `/api/workspaces/ws-a/tenants/${world.recoveryFixtures.tenantA}/verify`,
      }),
  },
  "runs-list": {
    minimum: "readonly",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/workspaces/ws-a/runs?limit=5" }),
  },
  "runs-get": {
    minimum: "readonly",
    success: 200,
    namesRun: true,
    request: async (world, ws = "ws-a") => ({
      method: "GET",
      path: `/api/workspaces/ws-a/runs/${(await freshRun(world, ws)).id}`,
    }),
  },
  "runs-failures": {
    minimum: "readonly",
    success: 200,
    namesRun: true,
    request: async (world, ws = "ws-a") => ({
      method: "GET",
      path: `/api/workspaces/ws-a/runs/${(await freshRun(world, ws)).id}/failures?limit=5`,
    }),
  },
  "runs-cancel": {
    minimum: "operator",
    success: 200,
    namesRun: true,
    request: async (world, ws = "ws-a") => ({
      method: "POST",
      path: `/api/workspaces/ws-a/runs/${(await freshRun(world, ws)).id}/cancel`,
    }),
  },
  "runs-retry": {
    minimum: "operator",
    success: 202,
    namesRun: true,
    request: async (world, ws = "ws-a") => ({
      method: "POST",
      path: `/api/workspaces/ws-a/runs/${(await freshRun(world, ws, "failed")).id}/retry`,
    }),
  },
  "ops-reconcile": {
    minimum: "owner",
    success: 202,
    request: () => Promise.resolve({ method: "POST", path: "/api/workspaces/ws-a/ops/reconcile" }),
  },
  "audit-list": {
    minimum: "readonly",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/workspaces/ws-a/audit" }),
  },
  "notifications-list": {
    minimum: "readonly",
    success: 200,
    request: () => Promise.resolve({ method: "GET", path: "/api/workspaces/ws-a/notifications" }),
  },
  "notifications-read": {
    minimum: "readonly",
    success: 200,
    request: () =>
      Promise.resolve({
        method: "POST",
        path: "/api/workspaces/ws-a/notifications/read",
        body: { ids: ["n-1"] },
      }),
  },
  "backups-start": {
    minimum: "operator",
    success: 202,
    request: (world) =>
      Promise.resolve({
        method: "POST",
        path: `/api/workspaces/ws-a/tenants/${world.recoveryFixtures.tenantA}/backups`,
        body: { policyIds: [randomUUID()] },
      }),
  },
  "backup-sets-list": {
    minimum: "readonly",
    success: 200,
    request: (world) =>
      Promise.resolve({
        method: "GET",
        path: `/api/workspaces/ws-a/tenants/${world.recoveryFixtures.tenantA}/backup-sets`,
      }),
  },
  "backup-sets-get": {
    minimum: "readonly",
    success: 200,
    request: (world) =>
      Promise.resolve({
        method: "GET",
        path: `/api/workspaces/ws-a/backup-sets/${world.recoveryFixtures.backupSetA}`,
      }),
  },
  "backup-set-items": {
    minimum: "readonly",
    success: 200,
    request: (world) =>
      Promise.resolve({
        method: "GET",
        path: `/api/workspaces/ws-a/backup-sets/${world.recoveryFixtures.backupSetA}/items?limit=5`,
      }),
  },
  "restores-create": {
    minimum: "operator",
    success: 201,
    request: (world) =>
      Promise.resolve({
        method: "POST",
        path: "/api/workspaces/ws-a/restores",
        body: {
          backupSetId: world.recoveryFixtures.backupSetA,
          targetTenantId: world.recoveryFixtures.tenantA,
          dryRun: true,
        },
      }),
  },
  "restores-get": {
    minimum: "readonly",
    success: 200,
    request: (world) =>
      Promise.resolve({
        method: "GET",
        path: `/api/workspaces/ws-a/restores/${world.recoveryFixtures.restoreRunA}`,
      }),
  },
  "restores-preview": {
    minimum: "readonly",
    success: 200,
    request: (world) =>
      Promise.resolve({
        method: "GET",
        path: `/api/workspaces/ws-a/restores/${world.recoveryFixtures.restoreRunA}/preview`,
      }),
  },
  "restores-execute": {
    minimum: "operator",
    success: 202,
    request: (world) =>
      Promise.resolve({
        method: "POST",
        path: `/api/workspaces/ws-a/restores/${world.recoveryFixtures.restoreRunA}/execute`,
      }),
  },
};

const rank: Readonly<Record<Role, number>> = { readonly: 0, operator: 1, owner: 2 };

function expectedStatus(c: Case, caller: Caller): number {
  if (c.minimum === "anonymous") return c.success;
  if (caller === "anonymous") return 401;
  if (c.minimum === "authenticated") return c.success;
  if (caller === "outsider" || caller === "foreign") return 404;
  if (typeof caller === "object") throw new Error("not in the matrix");
  return rank[caller] >= rank[c.minimum] ? c.success : 403;
}

const callers: readonly Caller[] = ["owner", "operator", "readonly", "outsider", "foreign", "anonymous"];

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.stop();
});

describe("authorization matrix", () => {
  it("covers every route", () => {
    expect(apiRoutes.map((r) => r.spec.name).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    for (const caller of callers) {
      const expected = expectedStatus(c, caller);
      it(`${name} as ${typeof caller === "string" ? caller : "custom"} → ${expected}`, async () => {
        const { method, path, body } = await c.request(world);
        const res = await world.call(method, path, { as: caller, ...(body === undefined ? {} : { body }) });
        expectContract(name, res);
        expect(res.status).toBe(expected);
      });
    }
    if (c.namesRun === true) {
      it(`${name} naming another workspace's run → 404 even for the owner`, async () => {
        const { method, path } = await c.request(world, "ws-b");
        const res = await world.call(method, path, { as: "owner" });
        expectContract(name, res);
        expect(res.status).toBe(404);
      });
    }
  }

  it("a 404 for a stranger is indistinguishable from a missing workspace", async () => {
    const stranger = await world.call("GET", "/api/workspaces/ws-a/runs", { as: "outsider" });
    const missing = await world.call("GET", "/api/workspaces/ws-zzz/runs", { as: "owner" });
    expect(stranger).toEqual(missing);
  });
});
