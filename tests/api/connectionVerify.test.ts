// Connection verification in-process: the route (authorization, 404 for a foreign tenant, dedupe, audit,
// Idempotency-Key) on the real Cosmos ledger, and the orchestration replayed by durable-functions' own
// engine with its activity on the same ledger; the tenant's roles come from a stub token source (the E2E
// test gets them from the Graph simulator's real tokens).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ActivityDeps } from "../../orchestrations/activityDeps.js";
import { activityNames } from "../../orchestrations/contracts.js";
import { runComplete } from "../../orchestrations/runActivities.js";
import { providerConnectionVerifyCheck } from "../../orchestrations/verifyConnectionActivities.js";
import { providerConnectionVerifyOrchestrator } from "../../orchestrations/verifyConnectionOrchestrator.js";
import { verifyNames } from "../../orchestrations/verifyConnectionContracts.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { GraphRequestError } from "../../shared/graph/graphRequestError.js";
import { connectionPermissions, type TenantRoleSource } from "../../shared/graph/permissionCheck.js";
import { type ApiWorld, startApiWorld } from "./support/apiWorld.js";
import { emptyPolicyGraph } from "./support/emptyPolicyGraph.js";
import { expectContract } from "./support/responseContract.js";
import { ReplayHarness } from "../unit/orchestrations/replayHarness.js";

const allRoles = [
  "DeviceManagementConfiguration.ReadWrite.All",
  "DeviceManagementApps.ReadWrite.All",
  "DeviceManagementServiceConfig.ReadWrite.All",
  "Group.Read.All",
];
const verifyPath = "/api/workspaces/ws-a/tenants/tenant-a1/verify";

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.stop();
});

function activityDeps(connections: TenantRoleSource, logs: string[] = []): ActivityDeps {
  const recovery = world.deps.recovery;
  if (recovery === undefined) throw new Error("apiWorld without recovery ports");
  return {
    ledger: world.store.runLedger,
    failureLog: world.store.failureLog,
    backups: recovery.backups,
    restores: recovery.restores,
    graph: emptyPolicyGraph,
    audit: world.store.auditLog,
    clock: { now: () => new Date() },
    log: (event) => logs.push(event),
    connections,
  };
}

/** Replays the verification orchestration of `run` against the real ledger. */
async function verify(run: OperationRun, connections: TenantRoleSource) {
  const deps = activityDeps(connections);
  const harness = new ReplayHarness({
    activities: {
      [verifyNames.checkActivity]: (input) => providerConnectionVerifyCheck(input, deps),
      [activityNames.runComplete]: (input) => runComplete(input, deps),
    },
    orchestrators: { [verifyNames.orchestrator]: providerConnectionVerifyOrchestrator },
  });
  const result = await harness.run(verifyNames.orchestrator, { workspaceId: "ws-a", runId: run.id }, run.id);
  expect(result.status, result.error ?? "").toBe("completed");
  const stored = await world.store.runLedger.get("ws-a", run.id);
  if (stored === null) throw new Error("run vanished");
  return stored;
}

const roles = (granted: string[], seen: string[] = []): TenantRoleSource => ({
  grantedRoles: (tenantId) => {
    seen.push(tenantId);
    return Promise.resolve(granted);
  },
});

async function start(as: "owner" | "operator" = "operator") {
  const res = await world.call("POST", verifyPath, { as });
  expectContract("tenants-verify", res);
  expect(res.status).toBe(202);
  return res.body as { run: OperationRun; deduped: boolean; statusUrl: string };
}

describe("POST …/tenants/{tenantId}/verify", () => {
  it("starts one provider_connection.verify run per tenant while it is active (deduped), audited once", async () => {
    const before = world.orchestration.started.length;
    const first = await start("operator");
    expect(first.deduped).toBe(false);
    expect(first.run).toMatchObject({
      type: "provider_connection.verify",
      tenantId: "tenant-a1",
      status: "queued",
      outcome: "pending",
      userId: "user-operator",
      initiatorName: "Oscar Operator",
      context: { permissions: allRoles },
    });
    expect(first.statusUrl).toBe(`/api/workspaces/ws-a/runs/${first.run.id}`);
    expect(world.orchestration.started.slice(before)).toEqual([
      {
        name: verifyNames.orchestrator,
        instanceId: first.run.id,
        input: { workspaceId: "ws-a", runId: first.run.id },
      },
    ]);

    const second = await start("owner");
    expect(second).toMatchObject({ deduped: true, reason: "active", run: { id: first.run.id } });
    expect(world.orchestration.started.length).toBe(before + 1);
    expect(await world.auditEntries("ws-a", "provider_connection.verify.started")).toHaveLength(1);

    // Readonly members follow the run and its report.
    const view = await world.call("GET", first.statusUrl, { as: "readonly" });
    expect(view.status).toBe(200);

    const seen: string[] = [];
    const done = await verify(first.run, roles(allRoles, seen));
    expect(seen).toEqual(["tenant-a1"]);
    expect(done).toMatchObject({
      status: "completed",
      outcome: "succeeded",
      summaryCounts: { total: 4, succeeded: 4, failed: 0 },
      failureSummary: [],
    });
  });

  it("blocks the run with provider_permission_denied naming each missing permission", async () => {
    const { run, deduped } = await start();
    expect(deduped).toBe(false);
    const granted = allRoles.filter((r) => r !== "DeviceManagementApps.ReadWrite.All");
    const done = await verify(run, roles(granted));
    expect(done).toMatchObject({
      status: "completed",
      outcome: "blocked",
      summaryCounts: { total: 4, succeeded: 3, failed: 1 },
    });
    expect(done.failureSummary).toEqual([
      {
        code: "provider_connection.permission",
        reasonCode: "provider_permission_denied",
        itemId: "DeviceManagementApps.ReadWrite.All",
        message: expect.stringContaining("DeviceManagementApps.ReadWrite.All") as string,
      },
    ]);
    expect(done.failureSummary[0]?.message).toContain("mobileApps");
  });

  it("accepts a broader equivalent (Directory.Read.All for groups)", async () => {
    const { run } = await start();
    const granted = [...allRoles.filter((r) => r !== "Group.Read.All"), "Directory.Read.All"];
    expect((await verify(run, roles(granted))).outcome).toBe("succeeded");
  });

  it("fails the run with a stable reason code when no token can be acquired", async () => {
    const { run } = await start();
    const secret = ["client", "secret", "value", "abc123"].join("-");
    const refused: TenantRoleSource = {
      grantedRoles: () =>
        Promise.reject(
          new GraphRequestError(
            "graph_unauthorized",
            401,
            null,
            `token request failed: AADSTS7000215 Invalid client secret provided. access_token=${secret}`,
          ),
        ),
    };
    const done = await verify(run, refused);
    expect(done).toMatchObject({
      status: "completed",
      outcome: "failed",
      summaryCounts: { total: 4, succeeded: 0, failed: 0 },
      failureSummary: [{ code: "provider_connection.token", reasonCode: "graph_unauthorized" }],
    });
    expect(done.failureSummary[0]?.message).toContain("AADSTS7000215");
    expect(JSON.stringify(done)).not.toContain(secret);
  });

  it("does nothing for a run that is no longer canonical (non_canonical_skip)", async () => {
    const { run } = await start();
    await world.store.runLedger.complete("ws-a", run.id, { outcome: "cancelled" });
    const logs: string[] = [];
    const seen: string[] = [];
    const out = await providerConnectionVerifyCheck(
      { workspaceId: "ws-a", runId: run.id },
      activityDeps(roles(allRoles, seen), logs),
    );
    expect(out).toEqual({ canonical: false });
    expect(seen).toEqual([]);
    expect(logs).toEqual(["non_canonical_skip"]);
  });

  it("answers 403 to readonly, 404 to non-members and for a tenant of another workspace, writing nothing", async () => {
    const before = world.writes.count;
    const readonly = await world.call("POST", verifyPath, { as: "readonly" });
    expectContract("tenants-verify", readonly);
    expect(readonly.status).toBe(403);
    for (const [as, path] of [
      ["outsider", verifyPath],
      ["foreign", verifyPath],
      ["owner", "/api/workspaces/ws-a/tenants/tenant-b1/verify"],
      ["owner", "/api/workspaces/ws-a/tenants/tenant-nope/verify"],
    ] as const) {
      const res = await world.call("POST", path, { as });
      expectContract("tenants-verify", res);
      expect(res.status, `${as} ${path}`).toBe(404);
    }
    const withBody = await world.call("POST", verifyPath, { as: "owner", body: { force: true } });
    expect(withBody.status).toBe(400);
    expect(world.writes.count).toBe(before);
  });

  it("replays an Idempotency-Key's first answer", async () => {
    const headers = { "idempotency-key": "verify-tenant-a1-1" };
    const first = await world.call("POST", verifyPath, { as: "operator", headers });
    const again = await world.call("POST", verifyPath, { as: "operator", headers });
    expect(first.status).toBe(202);
    expect(again.headers["idempotency-replayed"]).toBe("true");
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
  });

  it("is described in the OpenAPI document", async () => {
    const res = await world.call("GET", "/api/openapi.json", { as: "anonymous" });
    const doc = res.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const post = doc.paths["/api/workspaces/{workspaceId}/tenants/{tenantId}/verify"]?.post;
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(
      ["202", "400", "401", "403", "404", "409", "422", "503"].sort(),
    );
  });

  it("checks one entry per permission the app needs, naming what each is for", () => {
    const permissions = connectionPermissions();
    expect(permissions.map((p) => p.permission)).toEqual(allRoles);
    expect(permissions.flatMap((p) => p.purposes)).toHaveLength(11);
  });
});
