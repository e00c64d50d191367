import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  assignmentKey,
  canonicalSet,
  sameAssignmentSet,
  toWritableAssignments,
} from "../../../shared/assignments/canonicalAssignment.js";
import { policyAssignmentSchema } from "../../../shared/assignments/policyAssignment.js";
import { allDevices, assignmentSetArb, exclusion, group } from "./arbitraries.js";

describe("canonical assignment comparison", () => {
  it("ignores assignment ids", () => {
    expect(sameAssignmentSet([{ id: "a", ...group("g-1") }], [{ id: "b", ...group("g-1") }])).toBe(true);
  });

  it("treats include and exclusion of the same group as different", () => {
    expect(sameAssignmentSet([group("g-1")], [exclusion("g-1")])).toBe(false);
  });

  it("treats a filter of type none, or with no id, as no filter", () => {
    const none = group("g-1", {
      deviceAndAppManagementAssignmentFilterId: "f-1",
      deviceAndAppManagementAssignmentFilterType: "none",
    });
    const nullId = group("g-1", {
      deviceAndAppManagementAssignmentFilterId: null,
      deviceAndAppManagementAssignmentFilterType: "include",
    });
    expect(assignmentKey(none)).toBe(assignmentKey(group("g-1")));
    expect(assignmentKey(nullId)).toBe(assignmentKey(group("g-1")));
  });

  it("distinguishes include and exclude filters", () => {
    const inc = allDevices({
      deviceAndAppManagementAssignmentFilterId: "f-1",
      deviceAndAppManagementAssignmentFilterType: "include",
    });
    const exc = allDevices({
      deviceAndAppManagementAssignmentFilterId: "f-1",
      deviceAndAppManagementAssignmentFilterType: "exclude",
    });
    expect(sameAssignmentSet([inc], [exc])).toBe(false);
  });

  it("compares group ids case-insensitively (GUIDs) and app intent exactly", () => {
    expect(sameAssignmentSet([group("ABC")], [group("abc")])).toBe(true);
    expect(
      sameAssignmentSet([{ ...group("g"), intent: "required" }], [{ ...group("g"), intent: "available" }]),
    ).toBe(false);
  });

  it("compares settings by canonical JSON, whatever the key order", () => {
    const a = { ...group("g"), settings: { a: 1, b: { c: 2, d: 3 } } };
    const b = { ...group("g"), settings: { b: { d: 3, c: 2 }, a: 1 } };
    expect(sameAssignmentSet([a], [b])).toBe(true);
  });

  it("parses every Graph target shape and rejects an unknown one", () => {
    expect(policyAssignmentSchema.safeParse(allDevices()).success).toBe(true);
    expect(
      policyAssignmentSchema.safeParse({
        target: { "@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget" },
      }).success,
    ).toBe(false);
  });

  it("property: order and duplicates never matter", () => {
    fc.assert(
      fc.property(assignmentSetArb, fc.context(), (set, _ctx) => {
        const shuffledWithDupes = [...set].reverse().concat(set.slice(0, 2));
        expect(sameAssignmentSet(set, shuffledWithDupes)).toBe(true);
      }),
    );
  });

  it("property: equality is symmetric and agrees with the canonical key sets", () => {
    fc.assert(
      fc.property(assignmentSetArb, assignmentSetArb, (a, b) => {
        const keysA = [...canonicalSet(a).keys()];
        const keysB = [...canonicalSet(b).keys()];
        expect(sameAssignmentSet(a, b)).toBe(sameAssignmentSet(b, a));
        expect(sameAssignmentSet(a, b)).toBe(JSON.stringify(keysA) === JSON.stringify(keysB));
      }),
    );
  });

  it("property: the writable set has no ids, no duplicates, and the same meaning", () => {
    fc.assert(
      fc.property(assignmentSetArb, (set) => {
        const writable = toWritableAssignments(set);
        expect(writable.every((a) => a.id === undefined)).toBe(true);
        expect(writable).toHaveLength(canonicalSet(set).size);
        expect(sameAssignmentSet(writable, set)).toBe(true);
      }),
    );
  });
});
