// Normalized summary counts: compact inline text for tables, a progress bar for running runs.
import { ProgressBar, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

import { formatNumber, humanize, orderedCounts } from "../domain/format.js";

const useStyles = makeStyles({
  // Wraps between counts, never inside one, so a narrow Summary column shows every count.
  inline: { color: tokens.colorNeutralForeground2 },
  count: { whiteSpace: "nowrap" },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function SummaryCountsInline({ counts }: { counts: Record<string, number> }) {
  const styles = useStyles();
  // Zero counts other than the total say nothing in a list; the run detail shows them all.
  const entries = orderedCounts(counts).filter(([k, v]) => k !== "processed" && (v > 0 || k === "total"));
  if (entries.length === 0) return <Text className={styles.inline}>—</Text>;
  return (
    <Text className={styles.inline} size={200}>
      {entries.map(([key, value], i) => (
        <span key={key}>
          {i > 0 ? " · " : ""}
          <span className={mergeClasses(styles.count, key === "failed" && value > 0 && styles.failed)}>
            {formatNumber(value)} {humanize(key).toLowerCase()}
          </span>
        </span>
      ))}
    </Text>
  );
}

export function RunProgress({ counts, label }: { counts: Record<string, number>; label: string }) {
  const total = counts.total ?? 0;
  const processed =
    counts.processed ?? (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0);
  if (total <= 0) return <ProgressBar aria-label={label} thickness="large" />;
  return (
    <ProgressBar
      aria-label={label}
      aria-valuetext={`${formatNumber(processed)} of ${formatNumber(total)} items processed`}
      value={Math.min(1, processed / total)}
      thickness="large"
    />
  );
}
