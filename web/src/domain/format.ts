// Formatting of times, durations and counts for people (en-US, UTC shown on hover).
const numberFormat = new Intl.NumberFormat("en-US");
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return dateTimeFormat.format(new Date(iso));
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** Duration of a run so far (running) or in total (completed). */
export function runDurationMs(
  run: { createdAt: string; startedAt: string | null; completedAt: string | null },
  now: number,
): number | undefined {
  if (!run.startedAt) return undefined;
  const end = run.completedAt ? Date.parse(run.completedAt) : now;
  return end - Date.parse(run.startedAt);
}

export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  const diff = Math.round((now - Date.parse(iso)) / 1000);
  if (diff < 5) return "just now";
  if (diff < 60) return `${diff}s ago`;
  if (diff < 3600) return `${Math.floor(diff / 60)}m ago`;
  if (diff < 86400) return `${Math.floor(diff / 3600)}h ago`;
  return `${Math.floor(diff / 86400)}d ago`;
}

/** Summary counts in a stable, readable order. */
export function orderedCounts(counts: Record<string, number>): [string, number][] {
  const order = ["total", "processed", "succeeded", "failed", "skipped"];
  return Object.entries(counts).sort(([a], [b]) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

export function humanize(key: string): string {
  const spaced = key
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
