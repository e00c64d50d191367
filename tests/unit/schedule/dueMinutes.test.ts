// Which schedule occurrences a timer pass fires: UTC minutes in the look-back window, newest kept.
import { describe, expect, it } from "vitest";

import { defaultScheduleOptions, dueMinutes } from "../../../shared/schedule/fireDueSchedules.js";

const iso = (dates: Date[] | null) => dates?.map((d) => d.toISOString()) ?? null;

describe("dueMinutes", () => {
  it("keeps the newest occurrences of the window, as UTC minutes", () => {
    const now = new Date("2026-11-25T10:37:20.500Z");
    expect(iso(dueMinutes("0 */15 * * * *", now, { lookbackMinutes: 60, maxPerTenant: 3 }))).toEqual([
      "2026-11-25T10:00:00.000Z",
      "2026-11-25T10:15:00.000Z",
      "2026-11-25T10:30:00.000Z",
    ]);
  });

  it("an hourly schedule has exactly one occurrence in a 60-minute window, at any second of the hour", () => {
    for (const at of ["2026-11-25T10:00:00.000Z", "2026-11-25T10:00:59.999Z", "2026-11-25T10:59:59.000Z"]) {
      expect(iso(dueMinutes("0 0 * * * *", new Date(at), defaultScheduleOptions))).toEqual([
        "2026-11-25T10:00:00.000Z",
      ]);
    }
  });

  it("nothing is due before the first occurrence; a bad expression is null", () => {
    const now = new Date("2026-11-25T10:37:00.000Z");
    expect(dueMinutes("0 0 3 * * *", now, defaultScheduleOptions)).toEqual([]);
    expect(dueMinutes("not a cron", now, defaultScheduleOptions)).toBeNull();
  });
});
