// Connection verification end to end on the local stack (built app on the local host, Azurite, local
// Cosmos, Graph simulator): the run acquires a real token from the simulator's Entra for the tenant and
// checks its application roles. All granted → succeeded; a permission revoked through the simulator's
// admin API → blocked, `provider_permission_denied` naming it; a wrong secret → failed; concurrent starts →
// one run (deduped); readonly member → 403, non-member → 404; a token of a tenant not allowed → 401.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoApiApp, demoGraphApp, demoTenants, demoWorkspace } from "../../local/seed/demoData.js";
import type { Json } from "../support/graphSim.js";
import { type ApiAnswer, type E2eStack, startE2eStack } from "./stack.js";

const ws = `/api/workspaces/${demoWorkspace.id}`;
const [contoso, fabrikam] = demoTenants;
const figures: Record<string, number> = {};

/** Extra API clients of the simulator's Entra: a readonly member and a non-member (both Runs.Operate). */
const readonlyClient = { clientId: "33333333-3333-4333-8333-333333333333", clientSecret: "e2e-readonly" };
const outsiderClient = { clientId: "55555555-5555-4555-8555-555555555555", clientSecret: "e2e-outsider" };

let stack: E2eStack;
beforeAll(async () => {
  const t0 = Date.now();
  stack = await startE2eStack();
  figures.stack_start_s = (Date.now() - t0) / 1000;
  for (const client of [readonlyClient, outsiderClient]) {
    stack.sim.sim.config.apiClients.set(client.clientId, {
      clientSecret: client.clientSecret,
      roles: ["Runs.Operate"],
      audience: demoApiApp.audience,
    });
  }
  await stack.directory.ensureMembership({
    docType: "membership",
    workspaceId: demoWorkspace.id,
    userId: readonlyClient.clientId,
    displayName: "E2E readonly client",
    role: "readonly",
    createdAt: new Date().toISOString(),
  });
}, 240_000);
afterAll(async () => {
  console.log(JSON.stringify({ e2eConnectionVerify: figures }));
  await stack.stop();
});

async function tokenOf(
  client: { clientId: string; clientSecret: string },
  tenantId: string = contoso.externalId,
) {
  const issued = await stack.sim.token(
    tenantId,
    client.clientId,
    client.clientSecret,
    `${demoApiApp.audience}/.default`,
  );
  expect(issued.status).toBe(200);
  return String(issued.body.access_token);
}

async function callAs(token: string, method: string, apiPath: string): Promise<ApiAnswer> {
  const res = await fetch(`${stack.host.url}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : JSON.parse(text) };
}

async function verify(tenantId: string): Promise<Json> {
  const t0 = Date.now();
  const started = await stack.api("POST", `${ws}/tenants/${tenantId}/verify`);
  expect(started.status).toBe(202);
  expect(started.body.deduped).toBe(false);
  const run = await stack.waitForRun(String(started.body.run.id), { timeoutMs: 120_000, pollMs: 250 });
  figures[`verify_${String(run.outcome)}_ms`] = Date.now() - t0;
  return run;
}

describe("connection verification through the HTTP API", () => {
  it("succeeds when the app holds every permission; concurrent starts answer one run (deduped)", async () => {
    const path = `${ws}/tenants/${contoso.id}/verify`;
    const answers = await Promise.all([stack.api("POST", path), stack.api("POST", path)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const ids = new Set(answers.map((a) => String(a.body.run.id)));
    expect(ids.size).toBe(1);
    expect(answers.map((a) => a.body.deduped as boolean).sort()).toEqual([false, true]);
    const run = await stack.waitForRun([...ids][0] ?? "", { timeoutMs: 120_000, pollMs: 250 });
    expect(run).toMatchObject({
      type: "provider_connection.verify",
      tenantId: contoso.id,
      status: "completed",
      outcome: "succeeded",
      summaryCounts: { total: 4, succeeded: 4, failed: 0 },
      failureSummary: [],
      context: {
        permissions: [
          "DeviceManagementConfiguration.ReadWrite.All",
          "DeviceManagementApps.ReadWrite.All",
          "DeviceManagementServiceConfig.ReadWrite.All",
          "Group.Read.All",
        ],
      },
    });
    // Completed: a new start is a new run.
    const again = await verify(contoso.id);
    expect(again.id).not.toBe(run.id);
    expect(again.outcome).toBe("succeeded");
  });

  it("blocks the run naming the permission the simulator's admin revoked", async () => {
    const revoked = await stack.sim.admin("POST", `tenants/${contoso.externalId}/revoke-permission`, {
      permission: "DeviceManagementApps.ReadWrite.All",
      clientId: demoGraphApp.clientId,
    });
    expect(revoked.status).toBe(200);
    try {
      const run = await verify(contoso.id);
      expect(run).toMatchObject({
        outcome: "blocked",
        summaryCounts: { total: 4, succeeded: 3, failed: 1 },
        failureSummary: [
          {
            code: "provider_connection.permission",
            reasonCode: "provider_permission_denied",
            itemId: "DeviceManagementApps.ReadWrite.All",
          },
        ],
      });
      expect(run.failureSummary[0].message).toContain("DeviceManagementApps.ReadWrite.All");
      // Readonly members see the run and its report, but may not start one.
      const readonly = await tokenOf(readonlyClient);
      const view = await callAs(readonly, "GET", `${ws}/runs/${String(run.id)}`);
      expect(view.status).toBe(200);
      expect(view.body.run.outcome).toBe("blocked");
      const list = await callAs(readonly, "GET", `${ws}/runs?type=provider_connection.verify&limit=10`);
      expect(list.status).toBe(200);
      expect((list.body.items as Json[]).map((r) => r.id)).toContain(run.id);
    } finally {
      await stack.sim.admin("POST", `tenants/${contoso.externalId}/grant-permission`, {
        permission: "DeviceManagementApps.ReadWrite.All",
        clientId: demoGraphApp.clientId,
      });
    }
  });

  it("fails with a stable reason code when no token can be acquired for the tenant", async () => {
    const rotated = await stack.sim.admin("PUT", `tenants/${fabrikam.externalId}/apps`, {
      clientId: demoGraphApp.clientId,
      clientSecret: "rotated-elsewhere",
      roles: ["DeviceManagementConfiguration.ReadWrite.All"],
    });
    expect(rotated.status).toBe(200);
    const run = await verify(fabrikam.id);
    expect(run).toMatchObject({
      outcome: "failed",
      failureSummary: [{ code: "provider_connection.token", reasonCode: "graph_unauthorized" }],
    });
    expect(JSON.stringify(run)).not.toContain(demoGraphApp.clientSecret);
  });

  it("answers 403 to a readonly member, 404 to a non-member, 401 to a token of a tenant not allowed", async () => {
    const path = `${ws}/tenants/${contoso.id}/verify`;
    const readonly = await callAs(await tokenOf(readonlyClient), "POST", path);
    expect(readonly.status).toBe(403);
    expect(readonly.headers.get("content-type")).toBe("application/problem+json");
    const outsider = await callAs(await tokenOf(outsiderClient), "POST", path);
    expect(outsider.status).toBe(404);
    const missingWorkspace = await stack.api("POST", `/api/workspaces/ws-nope/tenants/${contoso.id}/verify`);
    expect(outsider.body).toEqual(missingWorkspace.body);
    // The same operator client, correctly signed by the same Entra, but issued in another tenant.
    const foreign = await tokenOf(demoApiApp.externalClient, fabrikam.externalId);
    const refused = await callAs(foreign, "POST", path);
    expect(refused.status).toBe(401);
  });
});
