import { describe, expect, it } from "vitest";

import { backupItemId } from "../../../shared/backup/backupIds.js";
import { inRange, shardCount, shardRange } from "../../../shared/backup/itemShards.js";

describe("item shards by id range", () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => backupItemId("bs_1", "mobileApps", `p-${i}`));

  it("every id falls in exactly one shard, for any shard count", () => {
    for (const count of [1, 2, 3, 7, 40, 100, 1000]) {
      const hits = ids.map(
        (id) =>
          Array.from({ length: count }, (_, index) => index).filter((index) =>
            inRange(id, shardRange({ index, count })),
          ).length,
      );
      expect(hits.every((h) => h === 1)).toBe(true);
    }
  });

  it("shards are even: 100 shards of 10,000 ids hold 100 ± 40 each", () => {
    const count = shardCount(ids.length, 100);
    expect(count).toBe(100);
    const sizes = Array.from(
      { length: count },
      (_, index) => ids.filter((id) => inRange(id, shardRange({ index, count }))).length,
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(140);
  });

  it("at least one shard; an index out of range is refused", () => {
    expect(shardCount(0, 100)).toBe(1);
    expect(shardCount(101, 100)).toBe(2);
    expect(() => shardRange({ index: 2, count: 2 })).toThrow(RangeError);
  });
});
