// Shards of a backup set's items by id range. Item ids are `bi_` + hex of a SHA-256 (backupIds.ts), so they
// spread evenly over the hex space: shard k of n covers the ids whose first six hex digits fall in the k-th
// n-th of that space. The orchestrator passes only (index, count); an activity reads its items from the
// store by range, so no list of ids ever goes through Durable history (which stays small and fast).
import { z } from "zod";

const prefix = "bi_";
const digits = 6;
const space = 16 ** digits;

export const itemShardSchema = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
});
export type ItemShard = z.infer<typeof itemShardSchema>;

/** Ids with `from <= id < to`; `to` null means no upper bound. */
export interface ItemIdRange {
  from: string;
  to: string | null;
}

/** Shards needed for `total` items at about `perShard` items each (at least one). */
export function shardCount(total: number, perShard: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perShard)));
}

function bound(k: number, count: number): string {
  const value = Math.floor((k * space) / count);
  return `${prefix}${value.toString(16).padStart(digits, "0")}`;
}

export function shardRange(shard: ItemShard): ItemIdRange {
  if (shard.index >= shard.count) throw new RangeError(`shard ${shard.index} of ${shard.count}`);
  return {
    from: shard.index === 0 ? prefix : bound(shard.index, shard.count),
    to: shard.index === shard.count - 1 ? null : bound(shard.index + 1, shard.count),
  };
}

export function inRange(id: string, range: ItemIdRange): boolean {
  return id >= range.from && (range.to === null || id < range.to);
}
