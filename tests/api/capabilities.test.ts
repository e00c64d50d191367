// The capability table and the one authorization check (404 for non-members, 403 for missing capability).
import { describe, expect, it } from "vitest";

import { authorize, effectiveRole } from "../../shared/auth/authorize.js";
import { type Capability, capabilities, roleHasCapability } from "../../shared/auth/capabilities.js";
import type { Principal } from "../../shared/auth/principal.js";
import type { Role } from "../../shared/domain/directory.js";
import { HttpProblem } from "../../shared/http/httpProblem.js";
import { MemoryDirectory } from "./support/memoryPorts.js";

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

describe("authorize", () => {
  const directory = new MemoryDirectory();
  directory.memberships.push(
    ...(["owner", "readonly"] as const).map((role) => ({
      id: role,
      docType: "membership" as const,
      workspaceId: "ws-1",
      userId: `u-${role}`,
      displayName: `U ${role}`,
      role,
      createdAt: "2026-01-01T00:00:00.000Z",
    })),
  );
  const user = (id: string): Principal => ({
    kind: "user",
    id,
    source: "client-principal",
    appRoleCeiling: null,
  });
  const status = async (principal: Principal, ws: string, capability: Capability) => {
    try {
      await authorize(directory, principal, ws, capability);
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
    const access = await authorize(directory, user("u-owner"), "ws-1", "runs.view");
    expect(access.initiator).toEqual({ userId: "u-owner", name: "U owner" });
  });

  it("caps an app's membership role by its app roles", () => {
    const membership = directory.memberships[0]!;
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
