// Figures for the Monitoring charts, computed from a window of runs.
import { failureCountsOf, type OperationRun } from "./contracts.js";
import { statusBucketOf, type StatusBucket } from "./runStatus.js";

export interface DayBucketCounts {
  day: string;
  counts: Partial<Record<StatusBucket, number>>;
  total: number;
}

/** Runs per UTC day for the last `days` days (oldest first), split by operator status. */
export function runsPerDay(runs: readonly OperationRun[], now: number, days: number): DayBucketCounts[] {
  const result: DayBucketCounts[] = [];
  const index = new Map<string, DayBucketCounts>();
  for (let i = days - 1; i >= 0; i -= 1) {
    const day = new Date(now - i * 86_400_000).toISOString().slice(0, 10);
    const entry = { day, counts: {}, total: 0 };
    result.push(entry);
    index.set(day, entry);
  }
  for (const run of runs) {
    const entry = index.get(run.createdAt.slice(0, 10));
    if (!entry) continue;
    const bucket = statusBucketOf(run);
    entry.counts[bucket] = (entry.counts[bucket] ?? 0) + 1;
    entry.total += 1;
  }
  return result;
}

/** Failure entries by reason code, largest first. */
export function failureReasons(
  runs: readonly OperationRun[],
): { reasonCode: string; count: number; runs: number }[] {
  const map = new Map<string, { count: number; runs: Set<string> }>();
  for (const run of runs) {
    for (const [reasonCode, count] of Object.entries(failureCountsOf(run))) {
      const e = map.get(reasonCode) ?? { count: 0, runs: new Set<string>() };
      e.count += count;
      e.runs.add(run.id);
      map.set(reasonCode, e);
    }
  }
  return [...map.entries()]
    .map(([reasonCode, e]) => ({ reasonCode, count: e.count, runs: e.runs.size }))
    .sort((a, b) => b.count - a.count);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

export interface DurationStats {
  type: string;
  count: number;
  min: number;
  p50: number;
  p90: number;
  max: number;
}

/** Duration distribution (ms) of completed runs per type. */
export function durationsByType(runs: readonly OperationRun[]): DurationStats[] {
  const map = new Map<string, number[]>();
  for (const run of runs) {
    if (!run.startedAt || !run.completedAt) continue;
    const ms = Date.parse(run.completedAt) - Date.parse(run.startedAt);
    if (ms >= 0) map.set(run.type, [...(map.get(run.type) ?? []), ms]);
  }
  return [...map.entries()]
    .map(([type, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        type,
        count: sorted.length,
        min: sorted[0] ?? 0,
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        max: sorted[sorted.length - 1] ?? 0,
      };
    })
    .sort((a, b) => b.p50 - a.p50);
}
