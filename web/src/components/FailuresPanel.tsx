// A run's failures grouped by reason code (with counts), then a paged table of the chosen group. Grouping
// and paging happen on the client so 2,000 failures render as one page of rows, not 2,000.
import {
  Button,
  Card,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useMemo, useState } from "react";

import type { FailureEntry } from "../domain/contracts.js";
import { formatNumber } from "../domain/format.js";
import { scrollRegion } from "./scrollRegion.js";

const pageSize = 50;

const useStyles = makeStyles({
  groups: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalM,
  },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    marginBottom: tokens.spacingVerticalS,
  },
  tableWrap: { overflowX: "auto" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  pager: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    marginTop: tokens.spacingVerticalS,
  },
});

export function FailuresPanel({
  failures,
  failedCount,
}: {
  failures: readonly FailureEntry[];
  failedCount: number | undefined;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [pageIndex, setPageIndex] = useState(0);

  const groups = useMemo(() => {
    const map = new Map<string, { count: number; sample: string }>();
    for (const f of failures) {
      const g = map.get(f.reasonCode);
      if (g) g.count += 1;
      else map.set(f.reasonCode, { count: 1, sample: f.message });
    }
    return [...map.entries()].sort((a, b) => b[1].count - a[1].count);
  }, [failures]);

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    return failures.filter(
      (f) =>
        (reason === null || f.reasonCode === reason) &&
        (q === "" || (f.itemId ?? "").toLowerCase().includes(q) || f.message.toLowerCase().includes(q)),
    );
  }, [failures, reason, search]);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(pageIndex, pages - 1);
  const rows = filtered.slice(current * pageSize, current * pageSize + pageSize);

  if (failures.length === 0) return <Text as="p">No failures recorded for this run.</Text>;
  return (
    <section aria-label="Failures">
      <div className={styles.groups} role="group" aria-label="Failures by reason code">
        <ToggleButton
          checked={reason === null}
          onClick={() => {
            setReason(null);
            setPageIndex(0);
          }}
        >
          All reasons · {formatNumber(failures.length)}
        </ToggleButton>
        {groups.map(([code, g]) => (
          <ToggleButton
            key={code}
            checked={reason === code}
            title={g.sample}
            data-reason-code={code}
            onClick={() => {
              setReason(code);
              setPageIndex(0);
            }}
          >
            {code} · {formatNumber(g.count)}
          </ToggleButton>
        ))}
      </div>
      {failedCount !== undefined && failedCount > failures.length ? (
        <Text size={200}>
          {formatNumber(failedCount)} items failed; the run keeps the first {formatNumber(failures.length)}{" "}
          failure entries.
        </Text>
      ) : null}
      <div className={styles.toolbar}>
        <Input
          aria-label="Search failures by item or message"
          placeholder="Search item or message"
          value={search}
          onChange={(_, d) => {
            setSearch(d.value);
            setPageIndex(0);
          }}
        />
        <Text aria-live="polite">{formatNumber(filtered.length)} shown</Text>
      </div>
      <Card className={styles.tableWrap} {...scrollRegion("Failure entries")}>
        <Table size="small" aria-label="Failure entries" data-testid="failures-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Item</TableHeaderCell>
              <TableHeaderCell>Reason code</TableHeaderCell>
              <TableHeaderCell>Message</TableHeaderCell>
              <TableHeaderCell>Step</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((f, i) => (
              <TableRow key={`${current}-${i}`}>
                <TableCell className={styles.mono}>{f.itemId ?? "—"}</TableCell>
                <TableCell className={styles.mono}>{f.reasonCode}</TableCell>
                <TableCell>{f.message}</TableCell>
                <TableCell className={styles.mono}>{f.code}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <nav className={styles.pager} aria-label="Failure pages">
        <Button disabled={current === 0} onClick={() => setPageIndex(current - 1)}>
          Previous
        </Button>
        <Text>
          Page {current + 1} of {pages}
        </Text>
        <Button disabled={current >= pages - 1} onClick={() => setPageIndex(current + 1)}>
          Next
        </Button>
      </nav>
    </section>
  );
}
