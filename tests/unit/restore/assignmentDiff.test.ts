import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { assignmentKey, sameAssignmentSet } from "../../../shared/assignments/canonicalAssignment.js";
import { diffAssignments } from "../../../shared/restore/assignmentDiff.js";
import { assignmentSetArb, exclusion, group } from "../assignments/arbitraries.js";

describe("assignment diff", () => {
  it("splits into add/keep/remove and says a write is needed", () => {
    const diff = diffAssignments(
      [group("g-1"), group("g-2")],
      [{ id: "x", ...group("g-2") }, exclusion("g-3")],
    );
    expect(diff.toAdd.map(assignmentKey)).toEqual([assignmentKey(group("g-1"))]);
    expect(diff.toKeep.map(assignmentKey)).toEqual([assignmentKey(group("g-2"))]);
    expect(diff.toRemove.map(assignmentKey)).toEqual([assignmentKey(exclusion("g-3"))]);
    expect(diff.changed).toBe(true);
  });

  it("a duplicated target in the target tenant is ignored, as Graph does", () => {
    const diff = diffAssignments([group("g-1")], [group("g-1"), { id: "dup", ...group("g-1") }]);
    expect(diff).toMatchObject({ changed: false, toAdd: [], toRemove: [] });
    expect(diff.toKeep).toHaveLength(1);
  });

  it("property: applying the diff to the current set yields the desired set", () => {
    fc.assert(
      fc.property(assignmentSetArb, assignmentSetArb, (desired, current) => {
        const diff = diffAssignments(desired, current);
        const removed = new Set(diff.toRemove.map(assignmentKey));
        const applied = [...current.filter((a) => !removed.has(assignmentKey(a))), ...diff.toAdd];
        expect(sameAssignmentSet(applied, desired)).toBe(true);
        expect(diff.changed).toBe(!sameAssignmentSet(desired, current));
      }),
    );
  });

  it("property: idempotent — diffing a set against itself (in any order, with duplicates) changes nothing", () => {
    fc.assert(
      fc.property(assignmentSetArb, (desired) => {
        const diff = diffAssignments(desired, [...desired].reverse().concat(desired));
        expect(diff.changed).toBe(false);
        expect(diff.toAdd).toEqual([]);
        expect(diff.toRemove).toEqual([]);
      }),
    );
  });

  it("property: add, keep and remove are disjoint and cover both sets", () => {
    fc.assert(
      fc.property(assignmentSetArb, assignmentSetArb, (desired, current) => {
        const diff = diffAssignments(desired, current);
        const keys = (xs: typeof desired) => new Set(xs.map(assignmentKey));
        const add = keys(diff.toAdd);
        const keep = keys(diff.toKeep);
        const remove = keys(diff.toRemove);
        expect(add.size + keep.size).toBe(keys(desired).size);
        expect(keep.size + remove.size).toBe(keys(current).size);
        for (const k of add) expect(keep.has(k) || remove.has(k)).toBe(false);
      }),
    );
  });
});
