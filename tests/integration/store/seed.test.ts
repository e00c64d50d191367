// The demo seed: workspace, two tenants with UUID v4 external ids, one member per role; idempotent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoApiApp, demoTenants, demoUsers, demoWorkspace } from "../../../local/seed/demoData.js";
import { seedDemoWorkspace } from "../../../local/seed/seedDemo.js";
import { CosmosDirectoryStore } from "../../../shared/store/CosmosDirectoryStore.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
let directory: CosmosDirectoryStore;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  directory = new CosmosDirectoryStore(cosmos.containers.directory);
});
afterAll(async () => {
  await cosmos.close();
});

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

async function snapshot(): Promise<string[]> {
  const { resources } = await cosmos.containers.directory.items
    .query<{ id: string; _etag: string }>("SELECT * FROM c")
    .fetchAll();
  return resources.map((d) => `${d.id}@${d._etag}`).sort();
}

describe("seedDemoWorkspace", () => {
  it("seeds the workspace, two UUID v4 tenants, a member per role and the external client; a second run changes nothing", async () => {
    expect(await seedDemoWorkspace(directory)).toEqual({ created: 7, existing: 0 });
    const before = await snapshot();

    expect(await seedDemoWorkspace(directory)).toEqual({ created: 0, existing: 7 });
    expect(await snapshot()).toEqual(before);

    expect(await directory.getWorkspace(demoWorkspace.id)).toMatchObject({ name: demoWorkspace.name });
    const tenants = await directory.listTenants(demoWorkspace.id);
    expect(tenants.map((t) => t.id).sort()).toEqual(demoTenants.map((t) => t.id).sort());
    for (const t of tenants) expect(t.externalId).toMatch(uuidV4);
    const roles = await Promise.all(
      demoUsers.map(async (u) => (await directory.getMembership(demoWorkspace.id, u.userId))?.role),
    );
    expect(roles.sort()).toEqual(["operator", "owner", "readonly"]);
    expect(await directory.getMembership(demoWorkspace.id, "user-outsider")).toBeNull();
    // The README's bearer-token example calls as the demo external client: an operator of the workspace.
    expect((await directory.getMembership(demoWorkspace.id, demoApiApp.externalClient.clientId))?.role).toBe(
      "operator",
    );
  });
});
