import { describe, expect, it } from "vitest";

import { draftRestoreRun, restoreRequestSchema } from "../../../shared/restore/restoreRequest.js";
import { restoreRunSchema } from "../../../shared/restore/restoreRun.js";

describe("restore request", () => {
  it("applies defaults: all items, map by id, skip, no dry run", () => {
    const request = restoreRequestSchema.parse({ backupSetId: "bs1", targetTenantId: "tb" });
    expect(request).toEqual({
      backupSetId: "bs1",
      targetTenantId: "tb",
      selectedItemIds: null,
      groupMapping: { strategy: "id", map: {} },
      filterMapping: { strategy: "id", map: {} },
      missingTargetPolicy: "skip",
      dryRun: false,
    });
    const run = draftRestoreRun({
      id: "rr1",
      workspaceId: "ws",
      sourceTenantId: "ta",
      request,
      createdBy: { userId: "u1", name: "Operator" },
      now: "2026-11-25T12:00:00.000Z",
    });
    expect(restoreRunSchema.parse(run)).toEqual(run);
  });

  it("names the field of a bad mapping", () => {
    const result = restoreRequestSchema.safeParse({
      backupSetId: "bs1",
      targetTenantId: "tb",
      groupMapping: { strategy: "explicit", map: {} },
      filterMapping: { strategy: "byColour" },
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("groupMapping.map");
    expect(paths).toContain("filterMapping.strategy");
  });
});
