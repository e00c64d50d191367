import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { sameAssignmentSet } from "../../../shared/assignments/canonicalAssignment.js";
import type { PolicyAssignment } from "../../../shared/assignments/policyAssignment.js";
import type { MappingContext } from "../../../shared/restore/mapAssignments.js";
import { effectiveAssignments } from "../../../shared/restore/effectiveAssignments.js";
import { planRestoreItem, type RestoreItemInput } from "../../../shared/restore/planRestoreItem.js";
import { targetDirectory } from "../../../shared/restore/targetDirectory.js";
import { allDevices, assignmentSetArb, exclusion, group } from "../assignments/arbitraries.js";

const withFilter = (id: string, type: "include" | "exclude" = "include") => ({
  deviceAndAppManagementAssignmentFilterId: id,
  deviceAndAppManagementAssignmentFilterType: type,
});

const references = {
  groups: [
    { id: "s-sales", displayName: "Sales" },
    { id: "s-hr", displayName: "HR" },
    { id: "s-it", displayName: "IT" },
  ],
  filters: [{ id: "s-win", displayName: "Win11" }],
};

const byName = (missing: "skip" | "fail"): MappingContext => ({
  groupMapping: { strategy: "displayName", map: {} },
  filterMapping: { strategy: "displayName", map: {} },
  groups: targetDirectory([
    { id: "t-sales", displayName: "Sales" },
    { id: "t-it-1", displayName: "IT" },
    { id: "t-it-2", displayName: "IT" },
  ]),
  filters: targetDirectory([{ id: "t-win", displayName: "Win11" }]),
  missingTargetPolicy: missing,
});

function input(assignments: PolicyAssignment[], current: PolicyAssignment[] | null, mapping: MappingContext) {
  return {
    item: {
      id: "bi_1",
      policyType: "deviceConfigurations",
      policyId: "p-src",
      assignments,
      assignmentsStatus: "fetched" as const,
      references,
      failure: null,
    },
    targetPolicyId: current === null ? null : "p-tgt",
    current,
    mapping,
    dryRun: false,
    now: "2026-11-25T14:00:00.000Z",
  } satisfies RestoreItemInput;
}

describe("planRestoreItem", () => {
  it("maps groups and filters by name and writes the full desired set to an empty target (created)", () => {
    const plan = planRestoreItem(
      input([group("s-sales", withFilter("s-win")), allDevices()], [], byName("skip")),
    );
    expect(plan.result).toMatchObject({ action: "created", applied: true, added: 2, kept: 0, removed: 0 });
    expect(plan.write).toHaveLength(2);
    expect(plan.write).toEqual(
      expect.arrayContaining([
        { target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } },
        {
          target: {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget",
            groupId: "t-sales",
            ...withFilter("t-win"),
          },
        },
      ]),
    );
  });

  it("is unchanged (no write) when the target already has the mapped set", () => {
    const plan = planRestoreItem(
      input([group("s-sales")], [{ id: "a1", ...group("T-SALES") }], byName("skip")),
    );
    expect(plan.result.action).toBe("unchanged");
    expect(plan.write).toBeNull();
  });

  it("skip: drops an unmapped include, restores the rest and reports what was skipped", () => {
    const plan = planRestoreItem(input([group("s-sales"), group("s-hr")], [group("t-old")], byName("skip")));
    expect(plan.result).toMatchObject({
      action: "updated",
      reasonCode: "group_unmapped",
      added: 1,
      removed: 1,
    });
    expect(plan.result.unmapped).toEqual([
      {
        objectType: "group",
        sourceId: "s-hr",
        sourceDisplayName: "HR",
        reasonCode: "group_unmapped",
        reason: "missing_in_target",
      },
    ]);
    expect(plan.write).toHaveLength(1);
  });

  it("fail: an unmapped group fails the item and writes nothing", () => {
    const plan = planRestoreItem(input([group("s-sales"), group("s-hr")], [], byName("fail")));
    expect(plan.result).toMatchObject({ action: "failed", reasonCode: "group_unmapped" });
    expect(plan.write).toBeNull();
  });

  it("never guesses between two target groups with the same name", () => {
    const plan = planRestoreItem(input([group("s-it")], [], byName("fail")));
    expect(plan.result.unmapped[0]).toMatchObject({ reason: "ambiguous_in_target", candidates: 2 });
    expect(plan.result.action).toBe("failed");
  });

  it("skip never widens reach: an unmapped exclusion group fails the item", () => {
    const plan = planRestoreItem(input([group("s-sales"), exclusion("s-hr")], [], byName("skip")));
    expect(plan.result).toMatchObject({ action: "failed", reasonCode: "group_unmapped" });
    expect(plan.result.message).toMatch(/widen/);
  });

  it("skip drops the whole assignment (not only its filter) when the filter is unmapped", () => {
    const mapping = { ...byName("skip"), filters: targetDirectory([]) };
    const plan = planRestoreItem(input([group("s-sales", withFilter("s-win")), allDevices()], [], mapping));
    expect(plan.result).toMatchObject({ action: "created", reasonCode: "filter_unmapped", added: 1 });
    expect(plan.write).toEqual([
      { target: { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" } },
    ]);
  });

  it("skips (never wipes the target) when no assignment at all could be mapped", () => {
    const plan = planRestoreItem(input([group("s-hr")], [group("t-keep")], byName("skip")));
    expect(plan.result).toMatchObject({ action: "skipped", reasonCode: "group_unmapped" });
    expect(plan.write).toBeNull();
  });

  it("restores an empty backed-up set by clearing the target (the backup had none)", () => {
    const plan = planRestoreItem(input([], [group("t-sales")], byName("skip")));
    expect(plan.result).toMatchObject({ action: "updated", removed: 1 });
    expect(plan.write).toEqual([]);
  });

  it("fails when the policy is missing in the target, or the backup has no assignments", () => {
    expect(planRestoreItem(input([group("s-sales")], null, byName("skip"))).result).toMatchObject({
      action: "failed",
      reasonCode: "graph_not_found",
    });
    const noAssignments = input([], [], byName("skip"));
    const failedItem = {
      ...noAssignments,
      item: {
        ...noAssignments.item,
        assignments: null,
        assignmentsStatus: "failed" as const,
        failure: { reasonCode: "graph_forbidden" as const, message: "x" },
      },
    };
    expect(planRestoreItem(failedItem).result).toMatchObject({
      action: "failed",
      reasonCode: "graph_forbidden",
    });
  });

  it("dry run computes the same result but writes nothing", () => {
    const plan = planRestoreItem({ ...input([group("s-sales")], [], byName("skip")), dryRun: true });
    expect(plan.result).toMatchObject({ action: "created", applied: false });
    expect(plan.write).toBeNull();
  });

  it("property: same-tenant restore by id, after writing, is unchanged (re-run changes nothing)", () => {
    const sameTenant: MappingContext = {
      groupMapping: { strategy: "id", map: {} },
      filterMapping: { strategy: "id", map: {} },
      groups: targetDirectory(["g-1", "g-2", "g-3", "G-4"].map((id) => ({ id, displayName: id }))),
      filters: targetDirectory(["f-1", "f-2"].map((id) => ({ id, displayName: id }))),
      missingTargetPolicy: "fail",
    };
    fc.assert(
      fc.property(assignmentSetArb, assignmentSetArb, (source, current) => {
        const first = planRestoreItem(input(source, current, sameTenant));
        const written = first.write ?? current;
        // What Graph keeps of the source: a duplicated target (same type and group) is ignored.
        expect(sameAssignmentSet(written, effectiveAssignments(source))).toBe(true);
        const second = planRestoreItem(input(source, written, sameTenant));
        expect(second.result.action).toBe("unchanged");
        expect(second.write).toBeNull();
      }),
    );
  });
});
