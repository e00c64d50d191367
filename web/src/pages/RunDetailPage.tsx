// One run: lifecycle timeline, summary counts, failures by reason code, related links, initiator,
// identity hash, Durable orchestration status, and cancel / retry for those allowed. Live while active.
import {
  Card,
  CardHeader,
  Spinner,
  Text,
  Title2,
  Title3,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ArrowRepeatAll16Regular, DismissCircle16Regular } from "@fluentui/react-icons";
import { useNavigate, useParams } from "react-router-dom";

import { AppLink } from "../components/AppLink.js";
import { ConfirmAction } from "../components/ConfirmAction.js";
import { FailuresPanel } from "../components/FailuresPanel.js";
import { NotFoundView } from "../components/NotFoundView.js";
import { ProblemBar } from "../components/ProblemBar.js";
import { RunStatusBadge } from "../components/RunStatusBadge.js";
import { RunProgress } from "../components/SummaryCountsView.js";
import { can, reasonMissing } from "../domain/capabilities.js";
import { MAX_RETRY_ITEMS, type RelatedRun, type RunDetail } from "../domain/contracts.js";
import { formatDateTime, formatDuration, formatNumber, humanize, orderedCounts } from "../domain/format.js";
import { operationLabel } from "../domain/operationLabels.js";
import { isActive } from "../domain/runStatus.js";
import { useWorkspace } from "../hooks/session.js";
import { useNow } from "../hooks/useNow.js";
import { usePolling } from "../hooks/usePolling.js";
import { useTenants } from "../hooks/useTenants.js";
import { ApiError } from "../services/http.js";
import { runsService } from "../services/runsService.js";

const useStyles = makeStyles({
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
  sub: { color: tokens.colorNeutralForeground2, display: "block", marginBottom: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, marginLeft: "auto", flexWrap: "wrap" },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))",
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  timeline: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  step: {
    display: "grid",
    gridTemplateColumns: "16px 1fr",
    gap: tokens.spacingHorizontalS,
    alignItems: "baseline",
  },
  dot: { width: "10px", height: "10px", borderRadius: "50%", backgroundColor: tokens.colorNeutralStroke1 },
  dotDone: { backgroundColor: tokens.colorBrandBackground },
  counts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(90px, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  countValue: {
    fontSize: tokens.fontSizeHero700,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero700,
  },
  failedValue: { color: tokens.colorPaletteRedForeground1 },
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, overflowWrap: "anywhere" },
  mono: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  section: { marginTop: tokens.spacingVerticalL },
});

/** "1 item", "2,000 items". */
const itemCount = (n: number, noun: string): string => `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;

function RelatedRunLink({ ws, run, prefix }: { ws: string; run: RelatedRun; prefix: string }) {
  return (
    <span>
      {prefix}{" "}
      <AppLink to={`/w/${encodeURIComponent(ws)}/runs/${encodeURIComponent(run.id)}`}>
        {run.type ? operationLabel(run.type) : "Run"} {run.id}
      </AppLink>{" "}
      {run.status && run.outcome ? (
        <RunStatusBadge run={{ status: run.status, outcome: run.outcome }} />
      ) : null}
    </span>
  );
}

export function RunDetailPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const { runId = "" } = useParams();
  const navigate = useNavigate();
  const now = useNow(1_000);
  const { nameOf } = useTenants(ws.workspaceId);
  const { data, error, loading, refresh } = usePolling<RunDetail>(
    () => runsService.get(ws.workspaceId, runId),
    [ws.workspaceId, runId],
    {
      isActive: (d) => isActive(d.run),
      idleMaxMs: 60_000,
    },
  );

  if (error instanceof ApiError && error.isNotFound) return <NotFoundView what="run" />;
  if (loading && !data) return <Spinner label="Loading run" />;
  if (!data) return <ProblemBar error={error} />;

  const { run, related, orchestration } = data;
  const wsBase = `/w/${encodeURIComponent(ws.workspaceId)}`;
  const failed = run.summaryCounts.failed ?? 0;
  // Distinct failed items in the run's failure log (the preview for runs from before the log).
  const retryable =
    run.failedItemCount ?? new Set(run.failureSummary.flatMap((f) => (f.itemId ? [f.itemId] : []))).size;
  const retryWhole = retryable > MAX_RETRY_ITEMS;
  const started = run.startedAt ? Date.parse(run.startedAt) : undefined;
  const ended = run.completedAt ? Date.parse(run.completedAt) : now;
  const label = operationLabel(run.type);
  const tenantName = nameOf(run.tenantId);

  return (
    <article aria-labelledby="run-title">
      <div className={styles.head}>
        <Title2 as="h1" id="run-title">
          {label}
        </Title2>
        <RunStatusBadge run={run} />
        <div className={styles.actions}>
          {isActive(run) ? (
            <ConfirmAction
              label="Cancel run"
              icon={<DismissCircle16Regular />}
              title={`Cancel this ${label.toLowerCase()} run?`}
              confirmLabel="Cancel run"
              disabledReason={can(ws, "runs.cancel") ? undefined : reasonMissing("runs.cancel")}
              onConfirm={async () => {
                await runsService.cancel(ws.workspaceId, run.id);
                refresh();
              }}
            >
              This terminates the orchestration of run {run.id} on {tenantName} and completes the run as
              cancelled. Items already processed ({formatNumber(run.summaryCounts.processed ?? 0)} of{" "}
              {formatNumber(run.summaryCounts.total ?? 0)}) keep their result; nothing is rolled back. The
              cancellation is recorded in the audit log under your name.
            </ConfirmAction>
          ) : null}
          {!isActive(run) && retryable > 0 ? (
            <ConfirmAction
              label="Retry failed items"
              icon={<ArrowRepeatAll16Regular />}
              title={`Retry ${itemCount(retryable, "failed item")}?`}
              confirmLabel={`Start retry of ${itemCount(retryable, "item")}`}
              disabledReason={can(ws, "runs.retry") ? undefined : reasonMissing("runs.retry")}
              onConfirm={async () => {
                const result = await runsService.retry(ws.workspaceId, run.id);
                void navigate(`${wsBase}/runs/${encodeURIComponent(result.run.id)}`);
              }}
            >
              {retryWhole ? (
                <>
                  This starts a new {label.toLowerCase()} run on {tenantName} for this run&apos;s whole
                  selection: {itemCount(retryable, "item")} failed, more than a retry names one by one (
                  {formatNumber(MAX_RETRY_ITEMS)}); items already in the desired state are left unchanged.
                </>
              ) : (
                <>
                  This starts a new {label.toLowerCase()} run on {tenantName} for the{" "}
                  {itemCount(retryable, "item")} that failed in this run (
                  {itemCount(run.summaryCounts.succeeded ?? 0, "item")} that succeeded are not touched again).
                </>
              )}
              This run stays as it is and is linked to the new run as its parent. If a retry of this run is
              already active, you are taken to it instead.
            </ConfirmAction>
          ) : null}
        </div>
      </div>
      <Text className={styles.sub}>
        {tenantName} · <span className={styles.mono}>{run.id}</span>
      </Text>

      {isActive(run) ? <RunProgress counts={run.summaryCounts} label="Run progress" /> : null}

      <div className={styles.grid}>
        <Card>
          <CardHeader header={<Title3 as="h2">Lifecycle</Title3>} />
          <ol className={styles.timeline} aria-label="Lifecycle">
            {[
              { label: "Created", at: run.createdAt, note: "queued" },
              {
                label: "Started",
                at: run.startedAt,
                note:
                  started !== undefined
                    ? `waited ${formatDuration(started - Date.parse(run.createdAt))}`
                    : "waiting",
              },
              {
                label: "Completed",
                at: run.completedAt,
                note:
                  started !== undefined
                    ? `${run.completedAt ? "took" : "running for"} ${formatDuration(ended - started)}`
                    : "",
              },
            ].map((s) => (
              <li
                key={s.label}
                className={styles.step}
                data-step={s.label.toLowerCase()}
                data-done={s.at ? "true" : "false"}
              >
                <span className={mergeClasses(styles.dot, s.at ? styles.dotDone : undefined)} aria-hidden />
                <span>
                  <Text weight="semibold">{s.label}</Text>{" "}
                  <Text>{s.at ? formatDateTime(s.at) : "not yet"}</Text>
                  {s.note ? <Text size={200}> · {s.note}</Text> : null}
                </span>
              </li>
            ))}
          </ol>
        </Card>
        <Card>
          <CardHeader header={<Title3 as="h2">Summary counts</Title3>} />
          <div className={styles.counts} data-testid="summary-counts">
            {orderedCounts(run.summaryCounts).map(([key, value]) => (
              <div key={key} data-count={key}>
                <div
                  className={mergeClasses(
                    styles.countValue,
                    key === "failed" && value > 0 && styles.failedValue,
                  )}
                >
                  {formatNumber(value)}
                </div>
                <Text size={200}>{humanize(key)}</Text>
              </div>
            ))}
            {Object.keys(run.summaryCounts).length === 0 ? <Text>No counts yet.</Text> : null}
          </div>
        </Card>
        <Card>
          <CardHeader header={<Title3 as="h2">Details</Title3>} />
          <dl className={styles.dl}>
            <dt className={styles.dt}>Initiator</dt>
            <dd className={styles.dd}>{run.initiatorName}</dd>
            <dt className={styles.dt}>Operation type</dt>
            <dd className={mergeClasses(styles.dd, styles.mono)}>{run.type}</dd>
            <dt className={styles.dt}>Orchestration</dt>
            <dd className={styles.dd} data-testid="orchestration-status">
              {orchestration?.runtimeStatus ?? "not reported"}
            </dd>
            <dt className={styles.dt}>Identity hash</dt>
            <dd
              className={mergeClasses(styles.dd, styles.mono)}
              title="Runs with the same identity are deduplicated while active"
              data-testid="identity-hash"
            >
              {run.runIdentityHash}
            </dd>
            <dt className={styles.dt}>Last update</dt>
            <dd className={styles.dd}>{formatDateTime(run.updatedAt)}</dd>
          </dl>
        </Card>
        <Card>
          <CardHeader header={<Title3 as="h2">Related</Title3>} />
          <ul className={styles.timeline}>
            {related.backupSet ? (
              <li>
                Backup set{" "}
                <AppLink
                  to={`${wsBase}/tenants/${encodeURIComponent(related.backupSet.tenantId ?? run.tenantId ?? "")}/backup-sets/${encodeURIComponent(related.backupSet.id)}`}
                >
                  {related.backupSet.id}
                </AppLink>
              </li>
            ) : null}
            {related.restoreRun ? (
              <li>
                Restore <span className={styles.mono}>{related.restoreRun.id}</span>
              </li>
            ) : null}
            {related.schedule ? (
              <li>
                Schedule <span className={styles.mono}>{related.schedule.id}</span>
              </li>
            ) : null}
            {related.parent ? (
              <li>
                <RelatedRunLink ws={ws.workspaceId} run={related.parent} prefix="Parent run:" />
              </li>
            ) : null}
            {related.children.map((c) => (
              <li key={c.id}>
                <RelatedRunLink ws={ws.workspaceId} run={c} prefix="Child run:" />
              </li>
            ))}
            {!related.backupSet &&
            !related.restoreRun &&
            !related.schedule &&
            !related.parent &&
            related.children.length === 0 ? (
              <li>
                <Text>Nothing linked.</Text>
              </li>
            ) : null}
          </ul>
        </Card>
      </div>

      <section className={styles.section} aria-labelledby="failures-title">
        <Title3 as="h2" id="failures-title" block>
          Failures {failed > 0 ? `(${formatNumber(failed)})` : ""}
        </Title3>
        <FailuresPanel run={run} />
      </section>
      {error ? <ProblemBar error={error} /> : null}
    </article>
  );
}
