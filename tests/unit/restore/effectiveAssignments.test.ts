import { describe, expect, it } from "vitest";

import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import { effectiveAssignments } from "../../../shared/restore/effectiveAssignments.js";
import { planRestoreItem } from "../../../shared/restore/planRestoreItem.js";
import { targetDirectory } from "../../../shared/restore/targetDirectory.js";

const all = (filterId?: string): PolicyAssignment => ({
  target: {
    "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
    ...(filterId === undefined
      ? {}
      : {
          deviceAndAppManagementAssignmentFilterId: filterId,
          deviceAndAppManagementAssignmentFilterType: "include",
        }),
  },
});
const group = (groupId: string): PolicyAssignment => ({
  target: { "@odata.type": "#microsoft.graph.groupAssignmentTarget", groupId },
});

describe("effectiveAssignments (Graph ignores a duplicated target)", () => {
  it("keeps the first assignment per target type and group", () => {
    const set = [all("f1"), group("G1"), all(), group("g1"), group("g2")];
    expect(effectiveAssignments(set)).toEqual([all("f1"), group("G1"), group("g2")]);
  });

  it("a source with duplicated targets is written once, then found unchanged", () => {
    const source = [all("f1"), all("f2"), group("g1")];
    const input = {
      item: {
        id: "bi1",
        policyType: "deviceConfigurations",
        policyId: "p1",
        assignments: source,
        assignmentsStatus: "fetched" as const,
        references: {
          groups: [{ id: "g1", displayName: "G" }],
          filters: [
            { id: "f1", displayName: "F1" },
            { id: "f2", displayName: "F2" },
          ],
        },
        failure: null,
      },
      targetPolicyId: "p1",
      mapping: {
        groupMapping: { strategy: "id" as const, map: {} },
        filterMapping: { strategy: "id" as const, map: {} },
        groups: targetDirectory([{ id: "g1", displayName: "G" }]),
        filters: targetDirectory([
          { id: "f1", displayName: "F1" },
          { id: "f2", displayName: "F2" },
        ]),
        missingTargetPolicy: "skip" as const,
      },
      dryRun: false,
      now: "2026-12-01T00:00:00.000Z",
    };
    const first = planRestoreItem({ ...input, current: [] });
    expect(first.write).toEqual([all("f1"), group("g1")]);
    // What Graph keeps after that write: the same set, so a second run writes nothing.
    const second = planRestoreItem({ ...input, current: first.write ?? [] });
    expect(second.write).toBeNull();
    expect(second.result.action).toBe("unchanged");
  });
});
