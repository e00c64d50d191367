import { describe, expect, it } from "vitest";

import { tenantSchema } from "../../../shared/domain/directory.js";
import { demoTenants, demoUsers } from "../../../local/seed/demoData.js";

describe("demo data", () => {
  it("gives every seeded tenant a UUID v4 externalId (spec 096)", () => {
    expect(demoTenants).toHaveLength(2);
    for (const t of demoTenants) {
      expect(t.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(tenantSchema.shape.externalId.safeParse(t.externalId).success).toBe(true);
    }
  });

  it("has one member per role", () => {
    expect(demoUsers.map((u) => u.role).sort()).toEqual(["operator", "owner", "readonly"]);
  });
});
