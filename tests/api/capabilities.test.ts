// The capability table and the one authorization check (404 for non-members, 403 for missing capability).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authorize, effectiveRole } from "../../shared/auth/authorize.js";
import { type Capability, capabilities, roleHasCapability } from "../../shared/auth/capabilities.js";
import type { Principal } from "../../shared/auth/principal.js";
import type { Role } from "../../shared/domain/directory.js";
import { HttpProblem } from "../../shared/http/httpProblem.js";
import { startCosmosServer, type CosmosServerHandle } from "../../local/cosmos/startCosmosServer.js";
import { type CosmosStore, createCosmosStore } from "../../shared/store/cosmosStore.js";

const expected: Readonly<Record<Role, readonly Capability[]>> = {
  readonly: ["workspace.view", "runs.view", "tenants.view", "backups.view", "audit.view"],
  operator: [
    "workspace.view",
    "runs.view",
    "tenants.view",
    "backups.view",
    "audit.view",
    "backups.start",
    "restores.create",
    "restores.execute",
    "runs.cancel",
    "runs.retry",
    "connections.verify",
  ],
  owner: [...capabilities],
};

describe("capabilities by role", () => {
  for (const role of ["readonly", "operator", "owner"] as const) {
    it(`${role} holds exactly its capabilities`, () => {
      expect(capabilities.filter((c) => roleHasCapability(role, c))).toEqual(expected[role]);
    });
  }
});

describe("authorize (directory on the local Cosmos server)", () => {
  let cosmos: CosmosServerHandle;
  let store: CosmosStore;
  beforeAll(async () => {
    cosmos = await startCosmosServer();
    store = await createCosmosStore({
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: "local",
      COSMOS_DATABASE: "authz",
      COSMOS_ALLOW_INSECURE_TLS: true,
      COSMOS_ENSURE_CONTAINERS: true,
    });
    for (const role of ["owner", "readonly"] as const) {
      await store.directory.ensureMembership({
        docType: "membership",
        workspaceId: "ws-1",
        userId: `u-${role}`,
        displayName: `U ${role}`,
        role,
        createdAt: "2026-01-01T00:00:00.000Z",
      });
    }
  });
  afterAll(async () => {
    store.dispose();
    await cosmos.close();
  });

  const user = (id: string): Principal => ({
    kind: "user",
    id,
    source: "client-principal",
    appRoleCeiling: null,
  });
  const status = async (principal: Principal, ws: string, capability: Capability) => {
    try {
      await authorize(store.directory, principal, ws, capability);
      return 200;
    } catch (error) {
      return error instanceof HttpProblem ? error.status : -1;
    }
  };

  it("answers 404 to non-members and for other workspaces, 403 without the capability", async () => {
    expect(await status(user("u-owner"), "ws-1", "reconcile.run")).toBe(200);
    expect(await status(user("u-readonly"), "ws-1", "runs.view")).toBe(200);
    expect(await status(user("u-readonly"), "ws-1", "runs.cancel")).toBe(403);
    expect(await status(user("u-nobody"), "ws-1", "runs.view")).toBe(404);
    expect(await status(user("u-owner"), "ws-2", "runs.view")).toBe(404);
  });

  it("records the member's display name as initiator", async () => {
    const access = await authorize(store.directory, user("u-owner"), "ws-1", "runs.view");
    expect(access.initiator).toEqual({ userId: "u-owner", name: "U owner" });
  });

  it("caps an app's membership role by its app roles", async () => {
    const membership = (await store.directory.getMembership("ws-1", "u-owner"))!;
    const app = (ceiling: Role | null): Principal => ({
      kind: "app",
      id: "x",
      source: "bearer",
      appRoleCeiling: ceiling,
    });
    expect(effectiveRole(app("operator"), membership)).toBe("operator");
    expect(effectiveRole(app("owner"), membership)).toBe("owner");
    expect(effectiveRole(app(null), membership)).toBeNull();
    expect(effectiveRole(app("owner"), { ...membership, role: "readonly" })).toBe("readonly");
  });
});
