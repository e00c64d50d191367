// A run's failures grouped by reason code (counts over the run's whole failure log), then the chosen
// group's entries one page at a time from the API, so a run with thousands of failures opens as fast as one
// with ten: the browser never holds more than a page. Search runs on the server across every failure.
import {
  Button,
  Card,
  Input,
  Spinner,
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
import { useEffect, useMemo, useState } from "react";

import { failureCountsOf, type FailureEntry, type OperationRun } from "../domain/contracts.js";
import { formatNumber } from "../domain/format.js";
import { runsService } from "../services/runsService.js";
import { ProblemBar } from "./ProblemBar.js";
import { scrollRegion } from "./scrollRegion.js";

const pageSize = 50;
const searchDelayMs = 300;

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
  // Ids are long unbroken strings (backup item ids are 43 characters): wrap them inside their column.
  mono: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  name: { display: "block" },
  pager: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    marginTop: tokens.spacingVerticalS,
  },
});

type PanelRun = Pick<
  OperationRun,
  "id" | "workspaceId" | "status" | "updatedAt" | "failureCounts" | "failureSummary"
>;

interface Loaded {
  key: string;
  items: FailureEntry[];
  next: string | null;
}

export function FailuresPanel({ run }: { run: PanelRun }) {
  const styles = useStyles();
  const [reason, setReason] = useState<string | null>(null);
  const [searchInput, setSearchInput] = useState("");
  const [search, setSearch] = useState("");
  // Continuation tokens of the pages before the current one (index 0 = first page, token null).
  const [pageTokens, setPageTokens] = useState<(string | null)[]>([null]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  // Counts are stamped on completion; while a run is active its log grows and only pages are known.
  const known = run.status === "completed";
  const counts = useMemo(() => failureCountsOf(run), [run]);
  const groups = useMemo(() => Object.entries(counts).sort((a, b) => b[1] - a[1]), [counts]);
  const total = groups.reduce((sum, [, n]) => sum + n, 0);
  const pageIndex = pageTokens.length - 1;
  const continuation = pageTokens[pageIndex] ?? null;
  // While the run is active its log grows: reload the page whenever the run document changes.
  const key = JSON.stringify([run.id, run.updatedAt, reason, search, continuation]);

  useEffect(() => {
    const next = searchInput.trim();
    if (next === search) return undefined; // nothing typed: keep the page the user is on
    const timer = setTimeout(() => {
      setSearch(next);
      setPageTokens([null]);
    }, searchDelayMs);
    return () => {
      clearTimeout(timer);
    };
  }, [searchInput, search]);

  useEffect(() => {
    const controller = new AbortController();
    runsService
      .failures(
        run.workspaceId,
        run.id,
        {
          reasonCode: reason ?? undefined,
          search: search === "" ? undefined : search,
          limit: pageSize,
          continuation,
        },
        controller.signal,
      )
      .then((page) => {
        setLoaded({ key, items: page.items, next: page.continuation });
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      });
    return () => {
      controller.abort();
    };
  }, [key, run.workspaceId, run.id, reason, search, continuation]);

  const choose = (code: string | null) => {
    setReason(code);
    setPageTokens([null]);
  };

  const rows = loaded?.items ?? [];
  const busy = loaded?.key !== key && error === null;
  if (total === 0 && (known || (loaded?.key === key && rows.length === 0 && search === ""))) {
    return <Text as="p">No failures recorded for this run{known ? "" : " so far"}.</Text>;
  }
  // Known exactly from the counts unless a search narrows it.
  const groupTotal = reason === null ? total : (counts[reason as keyof typeof counts] ?? 0);
  const pages = known && search === "" ? Math.max(1, Math.ceil(groupTotal / pageSize)) : null;

  return (
    <section aria-label="Failures">
      <div className={styles.groups} role="group" aria-label="Failures by reason code">
        <ToggleButton
          checked={reason === null}
          onClick={() => {
            choose(null);
          }}
        >
          {known ? `All reasons · ${formatNumber(total)}` : "All reasons"}
        </ToggleButton>
        {groups.map(([code, count]) => (
          <ToggleButton
            key={code}
            checked={reason === code}
            data-reason-code={code}
            onClick={() => {
              choose(code);
            }}
          >
            {code} · {formatNumber(count)}
          </ToggleButton>
        ))}
      </div>
      <div className={styles.toolbar}>
        <Input
          aria-label="Search failures by item or message"
          placeholder="Search item, name or message"
          value={searchInput}
          onChange={(_, d) => {
            setSearchInput(d.value);
          }}
        />
        <Text aria-live="polite">
          {known && search === ""
            ? `${formatNumber(groupTotal)} shown`
            : `${formatNumber(rows.length)}${loaded?.next ? "+" : ""} on this page`}
        </Text>
        {busy ? <Spinner size="tiny" label="Loading failures" /> : null}
      </div>
      {error !== null ? <ProblemBar error={error} /> : null}
      <Card className={styles.tableWrap} {...scrollRegion("Failure entries")}>
        <Table size="small" aria-label="Failure entries" aria-busy={busy} data-testid="failures-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Item</TableHeaderCell>
              <TableHeaderCell>Reason code</TableHeaderCell>
              <TableHeaderCell>Message</TableHeaderCell>
              <TableHeaderCell>Step</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((f) => (
              <TableRow key={`${f.reasonCode}/${f.itemId ?? ""}/${f.code}`}>
                <TableCell>
                  {f.itemName ? <span className={styles.name}>{f.itemName}</span> : null}
                  <span className={styles.mono}>{f.itemId ?? "—"}</span>
                </TableCell>
                <TableCell className={styles.mono}>{f.reasonCode}</TableCell>
                <TableCell>{f.message}</TableCell>
                <TableCell className={styles.mono}>{f.code}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <nav className={styles.pager} aria-label="Failure pages">
        <Button
          disabled={pageIndex === 0}
          onClick={() => {
            setPageTokens((t) => t.slice(0, -1));
          }}
        >
          Previous
        </Button>
        <Text>
          Page {pageIndex + 1}
          {pages === null ? "" : ` of ${String(pages)}`}
        </Text>
        <Button
          disabled={!loaded?.next || loaded.key !== key}
          onClick={() => {
            const next = loaded?.next ?? null;
            if (next !== null) setPageTokens((t) => [...t, next]);
          }}
        >
          Next
        </Button>
      </nav>
    </section>
  );
}
