// The Monitoring hub: every run of the workspace, newest first, filtered by URL parameters, live.
import {
  Button,
  Field,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwise16Regular, Dismiss16Regular } from "@fluentui/react-icons";
import { useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router-dom";

import { AppLink } from "../components/AppLink.js";
import { ProblemBar } from "../components/ProblemBar.js";
import { RunCharts } from "../components/RunCharts.js";
import { RunStatusBadge } from "../components/RunStatusBadge.js";
import { RunProgress, SummaryCountsInline } from "../components/SummaryCountsView.js";
import { operationTypes, type OperationRun, type Page } from "../domain/contracts.js";
import { formatDateTime, formatDuration, formatRelative, runDurationMs } from "../domain/format.js";
import { operationLabel, operationLabels } from "../domain/operationLabels.js";
import {
  bucketToFilter,
  isActive,
  statusBucketLabels,
  statusBuckets,
  type StatusBucket,
} from "../domain/runStatus.js";
import { appEnv } from "../env.js";
import { useSession, useWorkspace } from "../hooks/session.js";
import { useNow } from "../hooks/useNow.js";
import { usePolling } from "../hooks/usePolling.js";
import { useTenants } from "../hooks/useTenants.js";
import { runsService, type RunFilters } from "../services/runsService.js";
import { scrollRegion } from "../components/scrollRegion.js";

const ranges: Record<string, { label: string; ms: number | null }> = {
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000 },
  all: { label: "All time", ms: null },
};

const useStyles = makeStyles({
  head: { display: "flex", alignItems: "baseline", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  filters: {
    // Grid cells and selects may shrink below their longest option on narrow screens.
    "& > *": { minWidth: 0 },
    "& select": { minWidth: 0, width: "100%" },
    "& .fui-Select": { minWidth: 0, maxWidth: "100%" },
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(160px, 1fr))",
    gap: tokens.spacingHorizontalM,
    alignItems: "end",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  tableWrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  table: { minWidth: "900px" },
  mono: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  opCell: { display: "flex", flexDirection: "column" },
  footer: {
    display: "flex",
    justifyContent: "center",
    padding: tokens.spacingVerticalM,
    gap: tokens.spacingHorizontalM,
  },
  live: { color: tokens.colorNeutralForeground2 },
  progress: { minWidth: "140px" },
});

export function HubPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const { tenants, nameOf } = useTenants(ws.workspaceId);
  const now = useNow(1_000);

  const tenantId = params.get("tenantId") ?? "";
  const type = params.get("type") ?? "";
  const bucket = (params.get("status") ?? "") as StatusBucket | "";
  const initiator = params.get("initiator") ?? "";
  const range = params.get("range") ?? "7d";
  const sinceMs = ranges[range]?.ms ?? null;
  // Fixed per filter change, so polling compares like with like.
  const since = useMemo(
    () => (sinceMs === null ? undefined : new Date(Date.now() - sinceMs).toISOString()),
    [range, tenantId, type, bucket, initiator],
  );
  const filters: RunFilters = {
    tenantId: tenantId || undefined,
    type: type || undefined,
    initiator: initiator || undefined,
    since,
    ...(bucket ? bucketToFilter(bucket) : {}),
  };
  const filterKey = JSON.stringify(filters);

  const [older, setOlder] = useState<OperationRun[]>([]);
  const [olderContinuation, setOlderContinuation] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  useEffect(() => {
    setOlder([]);
    setOlderContinuation(undefined);
  }, [filterKey]);

  const first = usePolling<Page<OperationRun>>(
    (signal) => runsService.list(ws.workspaceId, filters, { limit: appEnv.pageSize, signal }),
    [ws.workspaceId, filterKey],
    { isActive: (page) => page.items.some(isActive) },
  );
  const chartWindow = usePolling<Page<OperationRun>>(
    (signal) =>
      runsService.list(
        ws.workspaceId,
        { ...filters, since: new Date(Date.now() - 14 * 86_400_000).toISOString() },
        { limit: 200, signal },
      ),
    [ws.workspaceId, filterKey],
    { idleMaxMs: 60_000 },
  );

  const firstItems = first.data?.items ?? [];
  const seen = new Set(firstItems.map((r) => r.id));
  const runs = [...firstItems, ...older.filter((r) => !seen.has(r.id))];
  const continuation =
    olderContinuation === undefined ? (first.data?.continuation ?? null) : olderContinuation;

  const loadMore = (): void => {
    if (!continuation || loadingMore) return;
    setLoadingMore(true);
    runsService.list(ws.workspaceId, filters, { limit: appEnv.pageSize, continuation }).then(
      (page) => {
        setOlder((prev) => [...prev, ...page.items]);
        setOlderContinuation(page.continuation);
        setMoreError(undefined);
        setLoadingMore(false);
      },
      (err: unknown) => {
        setMoreError(err);
        setLoadingMore(false);
      },
    );
  };

  // Infinite scroll: load the next page when the sentinel under the table comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const loadMoreRef = useRef(loadMore);
  loadMoreRef.current = loadMore;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === "undefined") return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMoreRef.current();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const setFilter = (key: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const initiators = new Map<string, string>([[me.principal.userId, `${me.principal.name} (me)`]]);
  for (const r of [...(chartWindow.data?.items ?? []), ...runs]) {
    if (r.userId && !initiators.has(r.userId)) initiators.set(r.userId, r.initiatorName);
  }
  const activeCount = runs.filter(isActive).length;
  const hasFilters = Boolean(tenantId || type || bucket || initiator || range !== "7d");

  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1">Monitoring</Title2>
        <Text className={styles.live} aria-live="polite">
          {activeCount > 0 ? `${activeCount} active · live` : "Live"}
        </Text>
      </div>
      <RunCharts runs={chartWindow.data?.items ?? []} now={now} />
      <form className={styles.filters} aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <Field label="Tenant">
          <Select value={tenantId} onChange={(_, d) => setFilter("tenantId", d.value)}>
            <option value="">All tenants</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Operation">
          <Select value={type} onChange={(_, d) => setFilter("type", d.value)}>
            <option value="">All operations</option>
            {operationTypes.map((t) => (
              <option key={t} value={t}>
                {operationLabels[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={bucket} onChange={(_, d) => setFilter("status", d.value)}>
            <option value="">Any status</option>
            {statusBuckets.map((b) => (
              <option key={b} value={b}>
                {statusBucketLabels[b]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Initiator">
          <Select value={initiator} onChange={(_, d) => setFilter("initiator", d.value)}>
            <option value="">Anyone</option>
            {[...initiators.entries()].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Time range">
          <Select value={range} onChange={(_, d) => setFilter("range", d.value === "7d" ? "" : d.value)}>
            {Object.entries(ranges).map(([key, r]) => (
              <option key={key} value={key}>
                {r.label}
              </option>
            ))}
          </Select>
        </Field>
        <div>
          <Button
            icon={<Dismiss16Regular />}
            disabled={!hasFilters}
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
          >
            Clear filters
          </Button>{" "}
          <Button
            icon={<ArrowClockwise16Regular />}
            appearance="subtle"
            aria-label="Refresh now"
            onClick={first.refresh}
          />
        </div>
      </form>
      {first.error ? <ProblemBar error={first.error} /> : null}
      <div className={styles.tableWrap} {...scrollRegion("Runs")}>
        <Table className={styles.table} aria-label="Runs" size="small" data-testid="runs-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Operation</TableHeaderCell>
              <TableHeaderCell>Tenant</TableHeaderCell>
              <TableHeaderCell>Initiator</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell>Summary</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.map((run) => {
              const duration = runDurationMs(run, now);
              return (
                <TableRow key={run.id} data-run-id={run.id}>
                  <TableCell>
                    <RunStatusBadge run={run} />
                  </TableCell>
                  <TableCell>
                    <div className={styles.opCell}>
                      <AppLink
                        to={`/w/${encodeURIComponent(ws.workspaceId)}/runs/${encodeURIComponent(run.id)}`}
                      >
                        {operationLabel(run.type)}
                      </AppLink>
                      <span className={styles.mono}>{run.id}</span>
                    </div>
                  </TableCell>
                  <TableCell>{nameOf(run.tenantId)}</TableCell>
                  <TableCell>{run.initiatorName}</TableCell>
                  <TableCell>
                    <span title={formatDateTime(run.createdAt)}>{formatRelative(run.createdAt, now)}</span>
                  </TableCell>
                  <TableCell>{duration === undefined ? "—" : formatDuration(duration)}</TableCell>
                  <TableCell>
                    {run.status === "running" ? (
                      <div className={styles.progress}>
                        <RunProgress counts={run.summaryCounts} label={`Progress of ${run.id}`} />
                        <SummaryCountsInline counts={run.summaryCounts} />
                      </div>
                    ) : (
                      <SummaryCountsInline counts={run.summaryCounts} />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {first.loading ? (
          <div className={styles.footer}>
            <Spinner label="Loading runs" size="small" />
          </div>
        ) : runs.length === 0 ? (
          <div className={styles.footer}>
            <Text>No runs match these filters.</Text>
          </div>
        ) : null}
        <div ref={sentinel} />
        {continuation ? (
          <div className={styles.footer}>
            <Button onClick={loadMore} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Load older runs"}
            </Button>
          </div>
        ) : null}
        {moreError ? <ProblemBar error={moreError} /> : null}
      </div>
    </>
  );
}
