// Tenants of the workspace with their last backup and last restore (live while one runs); operators start
// a backup here.
import {
  Button,
  MessageBar,
  MessageBarBody,
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
import { CloudArrowUp16Regular } from "@fluentui/react-icons";
import { useState } from "react";

import { AppLink } from "../components/AppLink.js";
import { ProblemBar } from "../components/ProblemBar.js";
import { RunStatusBadge } from "../components/RunStatusBadge.js";
import { can, reasonMissing } from "../domain/capabilities.js";
import type { TenantSummary } from "../domain/contracts.js";
import { formatDateTime, formatRelative } from "../domain/format.js";
import { useWorkspace } from "../hooks/session.js";
import { useNow } from "../hooks/useNow.js";
import { usePolling } from "../hooks/usePolling.js";
import { backupsService } from "../services/backupsService.js";
import { tenantsService } from "../services/tenantsService.js";
import { scrollRegion } from "../components/scrollRegion.js";

const useStyles = makeStyles({
  tableWrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  table: { minWidth: "760px" },
  mono: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  bar: { margin: `${tokens.spacingVerticalM} 0` },
});

function LastRun({ ws, last: r, now }: { ws: string; last: TenantSummary["lastBackup"]; now: number }) {
  // undefined: not loaded; null: there has been none.
  if (r === undefined) return <Text>—</Text>;
  if (r === null) return <Text>never</Text>;
  return (
    <span data-last-run-id={r.runId}>
      <RunStatusBadge run={r} />{" "}
      <AppLink
        to={`/w/${encodeURIComponent(ws)}/runs/${encodeURIComponent(r.runId)}`}
        title={r.completedAt ? formatDateTime(r.completedAt) : "in progress"}
      >
        {r.completedAt ? formatRelative(r.completedAt, now) : "in progress"}
      </AppLink>
    </span>
  );
}

const isActive = (r: TenantSummary["lastBackup"]): boolean => Boolean(r && r.status !== "completed");

export function TenantsPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const now = useNow(10_000);
  const mayStart = can(ws, "backups.start");
  const [started, setStarted] = useState<{ tenant: string; runId: string; deduped: boolean } | undefined>();
  const [startError, setStartError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState<string | undefined>();
  const { data, error, loading, refresh } = usePolling(
    () => tenantsService.listWithLastRuns(ws.workspaceId),
    [ws.workspaceId],
    {
      // A backup or restore in flight is watched at the live interval, so its badge turns without reload.
      isActive: (tenants) => tenants.some((t) => isActive(t.lastBackup) || isActive(t.lastRestore)),
      idleMaxMs: 60_000,
    },
  );
  const wsBase = `/w/${encodeURIComponent(ws.workspaceId)}`;

  const start = (t: TenantSummary): void => {
    setBusy(t.id);
    setStartError(undefined);
    backupsService.start(ws.workspaceId, t.id).then(
      (r) => {
        setStarted({ tenant: t.displayName, runId: r.run.id, deduped: r.deduped });
        setBusy(undefined);
        refresh();
      },
      (err: unknown) => {
        setStartError(err);
        setBusy(undefined);
      },
    );
  };

  return (
    <>
      <Title2 as="h1">Tenants</Title2>
      {!mayStart ? (
        <MessageBar className={styles.bar} intent="info">
          <MessageBarBody>
            You can view tenants and their backups. {reasonMissing("backups.start")} to start a backup.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {started ? (
        <MessageBar className={styles.bar} intent="success" role="status">
          <MessageBarBody>
            {started.deduped
              ? `A backup of ${started.tenant} is already running. `
              : `Backup of ${started.tenant} queued. `}
            <AppLink to={`${wsBase}/runs/${encodeURIComponent(started.runId)}`}>Follow the run</AppLink>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {startError ? <ProblemBar error={startError} /> : null}
      {error ? <ProblemBar error={error} /> : null}
      <div className={styles.tableWrap} {...scrollRegion("Tenants")}>
        <Table className={styles.table} aria-label="Tenants">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Tenant</TableHeaderCell>
              <TableHeaderCell>Entra tenant id</TableHeaderCell>
              <TableHeaderCell>Last backup</TableHeaderCell>
              <TableHeaderCell>Last restore</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(data ?? []).map((t) => (
              <TableRow key={t.id} data-tenant-id={t.id}>
                <TableCell>
                  <AppLink to={`${wsBase}/tenants/${encodeURIComponent(t.id)}`}>{t.displayName}</AppLink>
                </TableCell>
                <TableCell className={styles.mono}>{t.externalId}</TableCell>
                <TableCell>
                  <LastRun ws={ws.workspaceId} last={t.lastBackup} now={now} />
                </TableCell>
                <TableCell>
                  <LastRun ws={ws.workspaceId} last={t.lastRestore} now={now} />
                </TableCell>
                <TableCell>
                  {mayStart ? (
                    <Button
                      icon={<CloudArrowUp16Regular />}
                      disabled={busy === t.id}
                      onClick={() => start(t)}
                      aria-label={`Start backup of ${t.displayName}`}
                    >
                      Start backup
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {loading ? <Spinner label="Loading tenants" size="small" /> : null}
      </div>
    </>
  );
}
