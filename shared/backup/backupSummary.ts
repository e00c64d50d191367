// Backup/assignment summary counts. Progress is kept per step key so that a retried step replaces its own
// counts (final attempt wins) instead of adding to them; the run's counts are the sum over steps.
import { z } from "zod";

export const backupCountKeys = [
  "total",
  "processed",
  "succeeded",
  "failed",
  "skipped",
  "assignments",
] as const;
export type BackupCountKey = (typeof backupCountKeys)[number];

export const backupCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  processed: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  assignments: z.number().int().nonnegative(),
});
export type BackupCounts = z.infer<typeof backupCountsSchema>;

export const zeroBackupCounts: BackupCounts = Object.freeze({
  total: 0,
  processed: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  assignments: 0,
});

export function addCounts(a: BackupCounts, b: BackupCounts): BackupCounts {
  const out = { ...zeroBackupCounts };
  for (const key of backupCountKeys) out[key] = a[key] + b[key];
  return out;
}

/** Counts per step key (e.g. `list:deviceConfigurations`, `fetch:0003`). */
export type StepCounts = Readonly<Record<string, BackupCounts>>;

/** Records a step's counts; a second record for the same key replaces the first. */
export function withStep(steps: StepCounts, stepKey: string, counts: BackupCounts): StepCounts {
  return { ...steps, [stepKey]: counts };
}

export function sumSteps(steps: StepCounts): BackupCounts {
  return Object.keys(steps)
    .sort()
    .reduce<BackupCounts>((sum, key) => addCounts(sum, steps[key] ?? zeroBackupCounts), zeroBackupCounts);
}
