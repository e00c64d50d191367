// CachedDirectoryNames against the simulator over HTTP: a backup's lookups by id resolve each group and the
// filter list once per tenant within the TTL (concurrent shards share one request), while lookups by display
// name (a restore's mapping) always ask Graph. Proven by the simulator's request counters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { demoGraphApp, demoTenants } from "../../local/seed/demoData.js";
import { GraphAccess } from "../../shared/graph/graphAccess.js";
import { GraphPolicyGraph } from "../../shared/graph/graphPolicyGraph.js";
import { startTestGraphSim, type Json, type TestGraphSim } from "../support/graphSim.js";

const contoso = demoTenants[0].externalId;
let sim: TestGraphSim;

function graph(): GraphPolicyGraph {
  return new GraphPolicyGraph(
    new GraphAccess({
      baseUrl: sim.url,
      credential: {
        mode: "client_secret",
        clientId: demoGraphApp.clientId,
        clientSecret: demoGraphApp.clientSecret,
        authorityHost: sim.authorityHost,
        authorityCaPem: sim.caCertPem,
      },
    }),
  );
}

const requests = async (): Promise<number> =>
  ((await sim.admin("GET", "counters")).body.byTenant[contoso]?.requests as number | undefined) ?? 0;

beforeAll(async () => {
  sim = await startTestGraphSim();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await sim.admin("POST", "reset", { seedDemo: true });
});

describe("CachedDirectoryNames", () => {
  it("groups and filters by id: one lookup per tenant, shared by concurrent callers, then none", async () => {
    const g = graph();
    const truth = (await sim.admin("GET", `tenants/${contoso}/export`)).body;
    const groupIds = (truth.groups as Json[]).map((x) => String(x.id));
    const filterIds = (truth.filters as Json[]).map((x) => String(x.id));
    expect(groupIds.length).toBeGreaterThan(0);
    expect(filterIds.length).toBeGreaterThan(0);
    await sim.admin("POST", "counters/reset");

    const byId = { ids: groupIds, displayNames: [] };
    const first = await Promise.all([1, 2, 3, 4].map(() => g.resolveGroups(contoso, byId)));
    for (const found of first) expect(found.map((o) => o.id).sort()).toEqual([...groupIds].sort());
    const afterFirst = await requests();
    // One $batch per 20 ids, however many callers asked at once.
    expect(afterFirst).toBe(Math.ceil(groupIds.length / 20));

    const again = await g.resolveGroups(contoso, { ids: groupIds.slice(0, 1), displayNames: [] });
    expect(again.map((o) => o.id)).toEqual(groupIds.slice(0, 1));
    expect(await requests()).toBe(afterFirst);

    const filters = await Promise.all(
      [1, 2].map(() => g.resolveFilters(contoso, { ids: filterIds, displayNames: [] })),
    );
    for (const found of filters) expect(found.map((o) => o.id).sort()).toEqual([...filterIds].sort());
    const afterFilters = await requests();
    expect(afterFilters).toBeGreaterThan(afterFirst);
    await g.resolveFilters(contoso, { ids: filterIds.slice(0, 1), displayNames: [] });
    expect(await requests()).toBe(afterFilters);
  });

  it("lookups by display name are never cached; an unknown id is asked again", async () => {
    const g = graph();
    const truth = (await sim.admin("GET", `tenants/${contoso}/export`)).body;
    const names = (truth.groups as Json[]).map((x) => String(x.displayName));
    await sim.admin("POST", "counters/reset");
    await g.resolveGroups(contoso, { ids: [], displayNames: names.slice(0, 1) });
    const once = await requests();
    await g.resolveGroups(contoso, { ids: [], displayNames: names.slice(0, 1) });
    expect(await requests()).toBe(2 * once);

    const unknown = "00000000-0000-4000-8000-00000000abcd";
    expect(await g.resolveGroups(contoso, { ids: [unknown], displayNames: [] })).toEqual([]);
    const before = await requests();
    expect(await g.resolveGroups(contoso, { ids: [unknown], displayNames: [] })).toEqual([]);
    expect(await requests()).toBe(before + 1);
  });
});
