// Charts for what people would rather see than read: runs per day by outcome, failure reasons, and
// duration distribution per type. Plain SVG (no chart library), each with a text alternative.
import { Card, CardHeader, Text, makeStyles, tokens } from "@fluentui/react-components";

import type { OperationRun } from "../domain/contracts.js";
import { formatDuration, formatNumber } from "../domain/format.js";
import { operationLabel } from "../domain/operationLabels.js";
import { statusBucketLabels, statusBuckets, type StatusBucket } from "../domain/runStatus.js";
import { durationsByType, failureReasons, runsPerDay } from "../domain/runStats.js";

const colors: Record<StatusBucket, string> = {
  queued: "#616161",
  running: "#0f6cbd",
  succeeded: "#107c10",
  partially_succeeded: "#bc4b09",
  failed: "#c50f1f",
  blocked: "#8a3707",
  cancelled: "#8a8886",
};

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(300px, 1fr))",
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  svg: { width: "100%", height: "auto", display: "block" },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalXS,
  },
  swatch: { display: "inline-block", width: "10px", height: "10px", marginRight: "4px", borderRadius: "2px" },
  muted: { color: tokens.colorNeutralForeground2 },
});

function RunsPerDayChart({ runs, now }: { runs: readonly OperationRun[]; now: number }) {
  const styles = useStyles();
  const days = runsPerDay(runs, now, 14);
  const max = Math.max(1, ...days.map((d) => d.total));
  const w = 420;
  const h = 160;
  const bw = w / days.length;
  const summary = days
    .filter((d) => d.total > 0)
    .map((d) => `${d.day}: ${d.total}`)
    .join(", ");
  const used = statusBuckets.filter((b) => days.some((d) => (d.counts[b] ?? 0) > 0));
  return (
    <Card>
      <CardHeader
        header={
          <Text weight="semibold" as="h2">
            Runs per day by outcome (14 days)
          </Text>
        }
      />
      <svg
        className={styles.svg}
        viewBox={`0 0 ${w} ${h + 18}`}
        role="img"
        aria-label={`Runs per day. ${summary || "No runs."}`}
      >
        {days.map((d, i) => {
          let y = h;
          return (
            <g key={d.day}>
              {statusBuckets.map((b) => {
                const n = d.counts[b] ?? 0;
                if (n === 0) return null;
                const bh = (n / max) * (h - 10);
                y -= bh;
                return (
                  <rect key={b} x={i * bw + 2} y={y} width={bw - 4} height={bh} fill={colors[b]}>
                    <title>{`${d.day}: ${n} ${statusBucketLabels[b].toLowerCase()}`}</title>
                  </rect>
                );
              })}
              {i % 2 === 0 ? (
                <text x={i * bw + bw / 2} y={h + 14} fontSize="9" textAnchor="middle" fill="#424242">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <div className={styles.legend} aria-hidden>
        {used.map((b) => (
          <Text size={200} key={b}>
            <span className={styles.swatch} style={{ backgroundColor: colors[b] }} />
            {statusBucketLabels[b]}
          </Text>
        ))}
      </div>
    </Card>
  );
}

function FailureReasonsChart({ runs }: { runs: readonly OperationRun[] }) {
  const styles = useStyles();
  const reasons = failureReasons(runs).slice(0, 6);
  const max = Math.max(1, ...reasons.map((r) => r.count));
  const row = 26;
  const w = 420;
  return (
    <Card>
      <CardHeader
        header={
          <Text weight="semibold" as="h2">
            Failure reasons
          </Text>
        }
      />
      {reasons.length === 0 ? (
        <Text className={styles.muted}>No failures in this window.</Text>
      ) : (
        <svg
          className={styles.svg}
          viewBox={`0 0 ${w} ${reasons.length * row}`}
          role="img"
          aria-label={`Failures by reason: ${reasons.map((r) => `${r.reasonCode} ${r.count}`).join(", ")}`}
        >
          {reasons.map((r, i) => (
            <g key={r.reasonCode} transform={`translate(0 ${i * row})`}>
              <text x={0} y={16} fontSize="11" fill="#242424">
                {r.reasonCode}
              </text>
              <rect
                x={170}
                y={5}
                width={Math.max(2, (r.count / max) * 190)}
                height={14}
                fill="#c50f1f"
                rx={2}
              />
              <text x={170 + Math.max(2, (r.count / max) * 190) + 4} y={16} fontSize="11" fill="#242424">
                {formatNumber(r.count)}
              </text>
            </g>
          ))}
        </svg>
      )}
    </Card>
  );
}

function DurationChart({ runs }: { runs: readonly OperationRun[] }) {
  const styles = useStyles();
  const stats = durationsByType(runs).slice(0, 7);
  const max = Math.max(1, ...stats.map((s) => s.max));
  const row = 26;
  const w = 420;
  const x = (ms: number): number => 150 + (ms / max) * 220;
  return (
    <Card>
      <CardHeader
        header={
          <Text weight="semibold" as="h2">
            Duration per type
          </Text>
        }
        description={
          <Text size={200} className={styles.muted}>
            bar: min–max · thick: median–p90
          </Text>
        }
      />
      {stats.length === 0 ? (
        <Text className={styles.muted}>No completed runs in this window.</Text>
      ) : (
        <svg
          className={styles.svg}
          viewBox={`0 0 ${w} ${stats.length * row}`}
          role="img"
          aria-label={`Duration per type: ${stats.map((s) => `${operationLabel(s.type)} median ${formatDuration(s.p50)}, p90 ${formatDuration(s.p90)}`).join("; ")}`}
        >
          {stats.map((s, i) => (
            <g key={s.type} transform={`translate(0 ${i * row})`}>
              <title>{`${operationLabel(s.type)}: ${s.count} runs, min ${formatDuration(s.min)}, median ${formatDuration(s.p50)}, p90 ${formatDuration(s.p90)}, max ${formatDuration(s.max)}`}</title>
              <text x={0} y={16} fontSize="11" fill="#242424">
                {operationLabel(s.type)}
              </text>
              <line x1={x(s.min)} x2={x(s.max)} y1={12} y2={12} stroke="#8a8886" strokeWidth={2} />
              <rect
                x={x(s.p50)}
                y={6}
                width={Math.max(2, x(s.p90) - x(s.p50))}
                height={12}
                fill="#0f6cbd"
                rx={2}
              />
              <text x={Math.min(x(s.max) + 4, 380)} y={16} fontSize="10" fill="#424242">
                {formatDuration(s.p50)}
              </text>
            </g>
          ))}
        </svg>
      )}
    </Card>
  );
}

export function RunCharts({ runs, now }: { runs: readonly OperationRun[]; now: number }) {
  const styles = useStyles();
  return (
    <section className={styles.grid} aria-label="Run insights">
      <RunsPerDayChart runs={runs} now={now} />
      <FailureReasonsChart runs={runs} />
      <DurationChart runs={runs} />
    </section>
  );
}
