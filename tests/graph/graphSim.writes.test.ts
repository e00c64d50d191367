// Simulator self-tests: /assign body keys and answers, replace semantics, validation, Autopilot per-target
// assignments, $batch (limit, dependsOn, per-item 429 inside a 200), throttling and injected faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoGraphApp, demoTenants } from "../../local/seed/demoData.js";
import { startTestGraphSim, type Json, type TestGraphSim } from "../support/graphSim.js";

const tid = demoTenants[0].externalId;
let sim: TestGraphSim;
let token: string;
let truth: Json;

async function graph(path: string, method = "GET", body?: unknown) {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${sim.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
}

const group = (name: string): string => truth.groups.find((g: Json) => g.displayName === name).id;
const policy = (type: string): Json => truth.policies.find((p: Json) => p.type === type);
const include = (groupId: string) => ({ "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId });

beforeAll(async () => {
  sim = await startTestGraphSim();
  token = (await sim.token(tid, demoGraphApp.clientId, demoGraphApp.clientSecret)).body.access_token;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await sim.admin("POST", "reset", { seedDemo: true });
  truth = (await sim.admin("GET", `tenants/${tid}/export`)).body;
});

describe("assign", () => {
  it("uses each type's body key, answers 200 with the collection or 204, and replaces the whole set", async () => {
    const cases: [string, string, string, number][] = [
      ["configurationPolicies", "beta/deviceManagement/configurationPolicies", "assignments", 200],
      ["deviceConfigurations", "v1.0/deviceManagement/deviceConfigurations", "assignments", 200],
      [
        "deviceManagementScripts",
        "beta/deviceManagement/deviceManagementScripts",
        "deviceManagementScriptAssignments",
        204,
      ],
      [
        "deviceHealthScripts",
        "beta/deviceManagement/deviceHealthScripts",
        "deviceHealthScriptAssignments",
        204,
      ],
      ["mobileApps", "v1.0/deviceAppManagement/mobileApps", "mobileAppAssignments", 204],
      [
        "deviceEnrollmentConfigurations",
        "v1.0/deviceManagement/deviceEnrollmentConfigurations",
        "enrollmentConfigurationAssignments",
        204,
      ],
    ];
    for (const [type, path, key, status] of cases) {
      const p = policy(type);
      const item = {
        target: include(group("HR Users")),
        ...(type === "mobileApps" ? { intent: "available" } : {}),
      };
      const wrongKey = await graph(`/${path}/${p.id}/assign`, "POST", { wrong: [item] });
      expect(wrongKey.status, type).toBe(400);
      const r = await graph(`/${path}/${p.id}/assign`, "POST", { [key]: [item, item] });
      expect(r.status, type).toBe(status);
      const after = await graph(`/${path}/${p.id}/assignments`);
      expect(
        after.body.value.map((a: Json) => a.target.groupId),
        type,
      ).toEqual([group("HR Users")]);
    }
  });

  it("rejects unknown groups, unknown filters and a filter without a filter type", async () => {
    const p = policy("deviceConfigurations");
    const path = `/beta/deviceManagement/deviceConfigurations/${p.id}/assign`;
    expect(
      (
        await graph(path, "POST", {
          assignments: [{ target: include("00000000-0000-4000-8000-000000000009") }],
        })
      ).status,
    ).toBe(400);
    const badFilter = {
      ...include(group("HR Users")),
      deviceAndAppManagementAssignmentFilterId: "00000000-0000-4000-8000-00000000000f",
      deviceAndAppManagementAssignmentFilterType: "include",
    };
    expect((await graph(path, "POST", { assignments: [{ target: badFilter }] })).status).toBe(400);
    const noType = {
      ...include(group("HR Users")),
      deviceAndAppManagementAssignmentFilterId: truth.filters[0].id,
      deviceAndAppManagementAssignmentFilterType: "none",
    };
    expect((await graph(path, "POST", { assignments: [{ target: noType }] })).status).toBe(400);
    expect(
      (await sim.admin("GET", `tenants/${tid}/export`)).body.policies.find((x: Json) => x.id === p.id)
        .assignments,
    ).toEqual(p.assignments);
  });

  it("assigns Autopilot profiles one POST /assignments per target, with no /assign action", async () => {
    const p = policy("windowsAutopilotDeploymentProfiles");
    const base = `/beta/deviceManagement/windowsAutopilotDeploymentProfiles/${p.id}`;
    expect((await graph(`${base}/assign`, "POST", { assignments: [] })).status).toBe(400);
    const created = await graph(`${base}/assignments`, "POST", { target: include(group("HR Users")) });
    expect(created.status).toBe(201);
    const list = await graph(`${base}/assignments`);
    expect(list.body.value).toHaveLength(Number(p.assignments.length) + 1);
    expect((await graph(`${base}/assignments/${created.body.id}`, "DELETE")).status).toBe(204);
  });

  it("assigns app protection under the platform collection only", async () => {
    const p = truth.policies.find(
      (x: Json) => x.odataType === "#microsoft.graph.androidManagedAppProtection",
    );
    expect(
      (
        await graph(`/v1.0/deviceAppManagement/managedAppPolicies/${p.id}/assign`, "POST", {
          assignments: [],
        })
      ).status,
    ).toBe(400);
    expect(
      (await graph(`/v1.0/deviceAppManagement/iosManagedAppProtections/${p.id}/assignments`)).status,
    ).toBe(404);
    const r = await graph(`/v1.0/deviceAppManagement/androidManagedAppProtections/${p.id}/assign`, "POST", {
      assignments: [{ target: include(group("HR Users")) }],
    });
    expect(r.status).toBe(204);
  });
});

describe("$batch", () => {
  it("refuses more than 20 requests", async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/groups" }));
    const r = await graph("/v1.0/$batch", "POST", { requests });
    expect(r.status).toBe(400);
  });

  it("answers 200 while sub-requests answer 429 (with their own Retry-After) and 424 for failed dependencies", async () => {
    await sim.admin("POST", "faults", {
      pathPattern: "deviceCompliancePolicies",
      status: 429,
      retryAfterSeconds: 7,
    });
    const r = await graph("/beta/$batch", "POST", {
      requests: [
        { id: "a", method: "GET", url: "/deviceManagement/deviceCompliancePolicies" },
        { id: "b", method: "GET", url: "/deviceManagement/deviceConfigurations", dependsOn: ["a"] },
        { id: "c", method: "GET", url: "/deviceManagement/groupPolicyConfigurations" },
      ],
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.responses.map((x: Json) => [x.id, x]));
    expect(byId.a.status).toBe(429);
    expect(byId.a.headers["Retry-After"]).toBe("7");
    expect(byId.b.status).toBe(424);
    expect(byId.c.status).toBe(200);
    const c = (await sim.admin("GET", "counters")).body.byTenant[tid];
    // The 424 item never reached Intune: two sub-requests executed, two throttle units.
    expect(c.batchSubRequests).toBe(2);
    expect(c.operations).toBe(2);
  });
});

describe("throttling and faults", () => {
  it("answers 429 with Retry-After past the per-app window limit, sometimes without it, counting reads and writes apart", async () => {
    await sim.admin("PUT", "limits", {
      windowMs: 60_000,
      appRequests: 5,
      appWrites: 1,
      omitRetryAfterEvery: 2,
    });
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await graph("/v1.0/deviceManagement/deviceConfigurations");
      statuses.push(r.status);
      retryAfter.push(r.headers.get("retry-after"));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(retryAfter[5])).toBeGreaterThan(50);
    expect(retryAfter[6]).toBeNull();
    // Groups are Entra ID, not Intune: not counted against Intune's limit.
    expect((await graph("/v1.0/groups")).status).toBe(200);
  });

  it("injects latency, dropped connections and planted text on matching paths", async () => {
    await sim.admin("POST", "faults", {
      pathPattern: "deviceHealthScripts",
      latencyMs: 300,
      status: 503,
      plantedText: "password=hunter2",
      maxHits: 1,
    });
    const t0 = Date.now();
    const r = await graph("/beta/deviceManagement/deviceHealthScripts");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(503);
    expect(r.body.error.message).toContain("password=hunter2");
    expect((await graph("/beta/deviceManagement/deviceHealthScripts")).status).toBe(200);
    await sim.admin("POST", "faults", { pathPattern: "deviceManagementScripts", dropConnection: true });
    await expect(graph("/beta/deviceManagement/deviceManagementScripts")).rejects.toThrow();
  });
});
