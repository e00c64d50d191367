// Contract tests of the Graph access layer against the simulator over HTTP: every type, paging, $batch
// splitting and per-item retries, throttling, token renewal, 401/403/404, sanitized errors, group mapping.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoGraphApp, demoTenants } from "../../local/seed/demoData.js";
import { demoMissingInFabrikam } from "../../local/graph-sim/demoSeed.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSettings } from "../../shared/config/settings.js";
import { GraphAccess, graphAccessFromSettings } from "../../shared/graph/graphAccess.js";
import { GraphPolicyGraph } from "../../shared/graph/graphPolicyGraph.js";
import { GraphRequestError } from "../../shared/graph/graphRequestError.js";
import { policyTypes, type PolicyTypeKey } from "../../shared/graph/policyTypes.js";
import type { PolicyRecord } from "../../shared/graph/policyService.js";
import { checkTenantPermissions } from "../../shared/graph/permissionCheck.js";
import { mapObjects } from "../../shared/graph/targetMapping.js";
import { startTestGraphSim, type Json, type TestGraphSim } from "../support/graphSim.js";

const contoso = demoTenants[0].externalId;
const fabrikam = demoTenants[1].externalId;
const generated = "5a5a5a5a-1b1b-4c2c-8d3d-4e4e4e4e4e4e";
let sim: TestGraphSim;

function access(clientId: string = demoGraphApp.clientId, clientSecret: string = demoGraphApp.clientSecret) {
  return new GraphAccess({
    baseUrl: sim.url,
    credential: {
      mode: "client_secret",
      clientId,
      clientSecret,
      authorityHost: sim.authorityHost,
      authorityCaPem: sim.caCertPem,
    },
    retry: { baseDelayMs: 20, maxDelayMs: 200, totalBudgetMs: 15_000 },
  });
}

async function readAll(a: GraphAccess, tenantId: string, type: PolicyTypeKey): Promise<PolicyRecord[]> {
  const out: PolicyRecord[] = [];
  for await (const page of a.forTenant(tenantId).service(type).listWithAssignments()) out.push(...page);
  return out;
}

const targetsOf = (assignments: Json[]) =>
  assignments.map((x: Json) => JSON.stringify({ ...x.target })).sort();

beforeAll(async () => {
  sim = await startTestGraphSim();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await sim.admin("POST", "reset", { seedDemo: true });
});

describe("reads, every type", () => {
  it("lists every policy of every type with exactly the simulator's assignments", async () => {
    const a = access();
    const truth = (await sim.admin("GET", `tenants/${contoso}/export`)).body;
    for (const t of policyTypes) {
      const records = await readAll(a, contoso, t.key);
      const expected = truth.policies.filter((p: Json) => p.type === t.key);
      expect(records.map((r) => r.id).sort(), t.key).toEqual(expected.map((p: Json) => p.id).sort());
      for (const r of records) {
        const e = expected.find((p: Json) => p.id === r.id);
        expect(r.assignmentsError, `${t.key} ${r.displayName}`).toBeUndefined();
        expect(targetsOf(r.assignments ?? []), `${t.key} ${r.displayName}`).toEqual(targetsOf(e.assignments));
        expect(r.displayName).toBe(e.displayName);
      }
    }
  });

  it("follows nextLink through settings catalog pages of 25 and batches app protection reads by 20", async () => {
    await sim.admin("POST", `tenants/${generated}/generate`, { policies: 1000, seed: 3 });
    await sim.admin("POST", "counters/reset");
    const a = access();
    const sc = await readAll(a, generated, "configurationPolicies");
    expect(sc).toHaveLength(300);
    const apps = await readAll(a, generated, "managedAppPolicies");
    expect(apps).toHaveLength(30);
    expect(apps.every((r) => Array.isArray(r.assignments))).toBe(true);
    const c = (await sim.admin("GET", "counters")).body.byTenant[generated];
    expect(c.byPathKind["configurationPolicies:list"]).toBe(12);
    expect(c.batchRequests).toBe(2);
    expect(c.batchSubRequests).toBe(30);
  });
});

describe("composition from settings", () => {
  it("builds the layer from app settings, trusting the simulator's certificate from GRAPH_AUTHORITY_CA_FILE", async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), "graph-ca-")), "ca.pem");
    writeFileSync(caFile, sim.caCertPem);
    const settings = loadSettings({
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      COSMOS_ENDPOINT: "https://127.0.0.1:8081",
      GRAPH_BASE_URL: sim.url,
      GRAPH_AUTHORITY_HOST: sim.authorityHost,
      GRAPH_AUTHORITY_CA_FILE: caFile,
      GRAPH_CLIENT_ID: demoGraphApp.clientId,
      GRAPH_CLIENT_SECRET: demoGraphApp.clientSecret,
      API_AUTH_ISSUER: sim.issuerTemplate,
      API_AUTH_JWKS_URL: sim.jwksUrl,
      API_AUTH_AUDIENCE: "api://intune-ops-ledger",
    });
    const records = await readAll(graphAccessFromSettings(settings), contoso, "deviceCompliancePolicies");
    expect(records.map((r) => r.displayName).sort()).toEqual([
      "Android - Compliance",
      "WIN - Compliance baseline",
      "iOS - Compliance",
    ]);
  });
});

describe("writes, every type", () => {
  it("assigns a new full set on one policy of each type in the other tenant (Autopilot per target)", async () => {
    const a = access();
    const truth = (await sim.admin("GET", `tenants/${fabrikam}/export`)).body;
    const pilot = truth.groups.find((g: Json) => g.displayName === "Pilot Users").id;
    const hr = truth.groups.find((g: Json) => g.displayName === "HR Users").id;
    const filter = truth.filters.find((f: Json) => f.displayName === "Windows 11 only").id;
    for (const t of policyTypes) {
      const policy = truth.policies.find((p: Json) => p.type === t.key);
      const desired = [
        {
          target: {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget" as const,
            groupId: pilot,
            deviceAndAppManagementAssignmentFilterId: filter,
            deviceAndAppManagementAssignmentFilterType: "include" as const,
          },
          ...(t.key === "mobileApps" ? { intent: "required" } : {}),
        },
        {
          target: { "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget" as const, groupId: hr },
          ...(t.key === "mobileApps" ? { intent: "required" } : {}),
        },
      ];
      await a.forTenant(fabrikam).service(t.key).assign({ id: policy.id }, desired);
      const after = (await sim.admin("GET", `tenants/${fabrikam}/export`)).body.policies.find(
        (p: Json) => p.id === policy.id,
      );
      expect(targetsOf(after.assignments), t.key).toEqual(targetsOf(desired));
      // Replacing again with one target removes the other, as /assign replaces the whole set.
      await a.forTenant(fabrikam).service(t.key).assign({ id: policy.id }, desired.slice(1));
      const again = await a.forTenant(fabrikam).service(t.key).getAssignments({ id: policy.id });
      expect(targetsOf(again), t.key).toEqual(targetsOf(desired.slice(1)));
    }
    const counters = (await sim.admin("GET", "counters")).body.byTenant[fabrikam];
    expect(counters.byPathKind["windowsAutopilotDeploymentProfiles:assignments"]).toBeGreaterThanOrEqual(4);
  });

  it("rejects an unknown group id with graph_bad_request and changes nothing", async () => {
    const a = access();
    const truth = (await sim.admin("GET", `tenants/${contoso}/export`)).body;
    const policy = truth.policies.find((p: Json) => p.type === "deviceConfigurations");
    const err = await a
      .forTenant(contoso)
      .service("deviceConfigurations")
      .assign({ id: policy.id }, [
        {
          target: {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget",
            groupId: "00000000-0000-4000-8000-00000000abcd",
          },
        },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).reasonCode).toBe("graph_bad_request");
    const after = (await sim.admin("GET", `tenants/${contoso}/export`)).body.policies.find(
      (p: Json) => p.id === policy.id,
    );
    expect(after.assignments).toEqual(policy.assignments);
  });
});

describe("resilience", () => {
  it("retries only the batch items that answered 429, until all succeed", async () => {
    await sim.admin("POST", `tenants/${generated}/generate`, { policies: 1000, seed: 3 });
    await sim.admin("POST", "faults", {
      pathPattern: "ManagedAppProtections/.+/assignments$",
      status: 429,
      rate: 0.4,
      seed: 5,
      retryAfterSeconds: 0,
    });
    await sim.admin("POST", "counters/reset");
    const records = await readAll(access(), generated, "managedAppPolicies");
    expect(records.every((r) => Array.isArray(r.assignments))).toBe(true);
    const c = (await sim.admin("GET", "counters")).body.byTenant[generated];
    const throttled = Number(c.byStatus["429"]);
    expect(throttled).toBeGreaterThan(0);
    // 30 items read once successfully, plus exactly one resend per 429: nothing else was resent.
    expect(c.batchSubRequests).toBe(30 + throttled);
  });

  it("paces under a tightened throttle limit and absorbs 429s without Retry-After", async () => {
    await sim.admin("PUT", "limits", {
      windowMs: 500,
      appRequests: 25,
      tenantRequests: 50,
      omitRetryAfterEvery: 1,
    });
    await sim.admin("POST", `tenants/${generated}/generate`, { policies: 2000, seed: 4 });
    await sim.admin("POST", "counters/reset");
    const a = new GraphAccess({
      baseUrl: sim.url,
      credential: {
        mode: "client_secret",
        clientId: demoGraphApp.clientId,
        clientSecret: demoGraphApp.clientSecret,
        authorityHost: sim.authorityHost,
        authorityCaPem: sim.caCertPem,
      },
      budget: {
        requestsPerWindow: 25,
        writesPerWindow: 10,
        windowMs: 500,
        share: 0.95,
      },
      retry: { baseDelayMs: 50, maxDelayMs: 1000 },
    });
    const started = Date.now();
    let total = 0;
    for (const t of policyTypes) total += (await readAll(a, generated, t.key)).length;
    const wallMs = Date.now() - started;
    expect(total).toBe(2000);
    const c = (await sim.admin("GET", "counters")).body.byTenant[generated];
    // Several windows' worth of work: paced, not bounced (the sim's sliding window would 429 a burst).
    expect(c.operations).toBeGreaterThan(75);
    expect(wallMs).toBeGreaterThanOrEqual(Math.floor((c.operations - 1) / 25) * 500);
    expect(c.throttled).toBeLessThanOrEqual(2);
  });

  it("renews a revoked token once (401) and retries a dropped connection", async () => {
    const a = access();
    expect((await readAll(a, contoso, "deviceCompliancePolicies")).length).toBe(3);
    await new Promise((r) => setTimeout(r, 1100));
    await sim.admin("POST", `tenants/${contoso}/revoke-tokens`);
    await sim.admin("POST", "faults", {
      pathPattern: "deviceCompliancePolicies$",
      dropConnection: true,
      maxHits: 1,
    });
    const before = Number((await sim.admin("GET", "counters")).body.tokenRequests);
    expect((await readAll(a, contoso, "deviceCompliancePolicies")).length).toBe(3);
    expect((await sim.admin("GET", "counters")).body.tokenRequests).toBe(before + 1);
  });

  it("maps 403 and 404 to reason codes, and reports missing roles", async () => {
    await sim.admin("PUT", `tenants/${contoso}/apps`, {
      clientId: "44444444-4444-4444-8444-444444444444",
      clientSecret: "x",
      roles: ["DeviceManagementConfiguration.Read.All"],
    });
    const limited = access("44444444-4444-4444-8444-444444444444", "x");
    const err = await readAll(limited, contoso, "mobileApps").catch((e: unknown) => e);
    expect((err as GraphRequestError).reasonCode).toBe("graph_forbidden");
    const report = await checkTenantPermissions(limited.forTenant(contoso).tokens, "readWrite");
    expect(report.ok).toBe(false);
    expect(report.missing.map((m) => m.purpose)).toContain("mobileApps (read/write)");
    expect(report.missing.map((m) => m.purpose)).toContain("groups and filters lookup");
    const full = await checkTenantPermissions(access().forTenant(contoso).tokens, "readWrite");
    expect(full).toMatchObject({ ok: true, missing: [] });

    const graph = new GraphPolicyGraph(access());
    expect(
      await graph.currentAssignments(contoso, {
        policyType: "deviceConfigurations",
        policyId: "00000000-0000-4000-8000-000000000001",
      }),
    ).toBeNull();
    const nf = await access()
      .forTenant(contoso)
      .service("deviceConfigurations")
      .getAssignments({ id: "nope" })
      .catch((e: unknown) => e);
    expect((nf as GraphRequestError).reasonCode).toBe("graph_not_found");
  });

  it("never carries planted secrets from Graph error bodies into messages", async () => {
    // Fake canaries, assembled so secret scanners do not mistake them for real credentials.
    const fakeJwt = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJ4In0", "c2lnbmF0dXJl"].join(".");
    const planted = `${["client", "secret"].join("_")}=Sup3rS3cretValue~abc Bearer ${fakeJwt} admin@contoso.com`;
    await sim.admin("POST", "faults", {
      pathPattern: "deviceConfigurations",
      status: 400,
      plantedText: planted,
    });
    const err = (await readAll(access(), contoso, "deviceConfigurations").catch(
      (e: unknown) => e,
    )) as GraphRequestError;
    expect(err.reasonCode).toBe("graph_bad_request");
    expect(err.message).not.toMatch(/Sup3rS3cret|eyJhbGci|admin@contoso/);
  });
});

describe("group and filter mapping across tenants", () => {
  it("maps by id in the same tenant, by displayName in another, and reports the missing ones", async () => {
    const graph = new GraphPolicyGraph(access());
    const source = (await sim.admin("GET", `tenants/${contoso}/export`)).body;
    const query = {
      ids: source.groups.map((g: Json) => g.id),
      displayNames: source.groups.map((g: Json) => g.displayName),
    };
    const same = mapObjects(source.groups, await graph.resolveGroups(contoso, query), "group_unmapped");
    expect(same.unmapped).toEqual([]);
    expect(same.mapped.every((m) => m.by === "id")).toBe(true);
    const other = mapObjects(source.groups, await graph.resolveGroups(fabrikam, query), "group_unmapped");
    expect(other.mapped).toHaveLength(source.groups.length - 1);
    expect(other.mapped.every((m) => m.by === "displayName" && m.targetId !== m.sourceId)).toBe(true);
    expect(other.unmapped).toEqual([
      expect.objectContaining({
        displayName: demoMissingInFabrikam.group,
        reasonCode: "group_unmapped",
        why: "missing",
      }),
    ]);
    const filters = mapObjects(
      source.filters,
      await graph.resolveFilters(fabrikam, {
        ids: source.filters.map((f: Json) => f.id),
        displayNames: source.filters.map((f: Json) => f.displayName),
      }),
      "filter_unmapped",
    );
    expect(filters.unmapped.map((u) => u.displayName)).toEqual([demoMissingInFabrikam.filter]);
  });

  it("adapts the PolicyGraph port: list without expand returns null assignments, fetchAssignments fills them per item", async () => {
    const graph = new GraphPolicyGraph(access());
    const listed = await graph.listPolicies(contoso, "managedAppPolicies");
    expect(listed.every((p) => p.assignments === null)).toBe(true);
    const results = await graph.fetchAssignments(contoso, [
      ...listed.map((p) => ({ policyType: p.policyType, policyId: p.policyId })),
      { policyType: "managedAppPolicies", policyId: "missing-id" },
    ]);
    expect(results.slice(0, -1).every((r) => r.ok)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false });
  });
});
