import { describe, expect, it } from "vitest";

import { resolveMapping } from "../../../shared/restore/resolveMapping.js";
import { targetDirectory } from "../../../shared/restore/targetDirectory.js";

const target = targetDirectory([
  { id: "t-sales", displayName: "Sales" },
  { id: "t-it-1", displayName: "IT" },
  { id: "t-it-2", displayName: "IT" },
  { id: "same-id", displayName: "Renamed" },
]);

describe("group/filter mapping resolver", () => {
  it("by id: keeps an id that exists in the target, case-insensitively", () => {
    expect(resolveMapping({ id: "SAME-ID", displayName: "x" }, { strategy: "id", map: {} }, target)).toEqual({
      mapped: true,
      targetId: "same-id",
    });
    expect(resolveMapping({ id: "gone", displayName: "x" }, { strategy: "id", map: {} }, target)).toEqual({
      mapped: false,
      reason: "missing_in_target",
    });
  });

  it("by display name: maps a unique name, refuses to guess between two", () => {
    const byName = { strategy: "displayName" as const, map: {} };
    expect(resolveMapping({ id: "s1", displayName: "Sales" }, byName, target)).toEqual({
      mapped: true,
      targetId: "t-sales",
    });
    expect(resolveMapping({ id: "s2", displayName: "IT" }, byName, target)).toEqual({
      mapped: false,
      reason: "ambiguous_in_target",
      candidates: 2,
    });
    expect(resolveMapping({ id: "s3", displayName: "HR" }, byName, target)).toEqual({
      mapped: false,
      reason: "missing_in_target",
    });
    expect(resolveMapping({ id: "s4", displayName: null }, byName, target)).toEqual({
      mapped: false,
      reason: "source_name_unknown",
    });
  });

  it("an explicit map entry wins over any strategy, and must exist in the target", () => {
    const mapping = { strategy: "displayName" as const, map: { s2: "t-it-2", s5: "deleted" } };
    expect(resolveMapping({ id: "s2", displayName: "IT" }, mapping, target)).toEqual({
      mapped: true,
      targetId: "t-it-2",
    });
    expect(resolveMapping({ id: "s5", displayName: "Sales" }, mapping, target)).toEqual({
      mapped: false,
      reason: "explicit_target_missing",
    });
  });

  it("explicit strategy maps nothing outside the map", () => {
    expect(
      resolveMapping({ id: "same-id", displayName: "Renamed" }, { strategy: "explicit", map: {} }, target),
    ).toEqual({
      mapped: false,
      reason: "not_in_explicit_map",
    });
  });
});
