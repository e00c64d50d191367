// A tenant's backup sets and, for the chosen set, its items (paged); links to the restore wizard.
import {
  Button,
  Card,
  CardHeader,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";

import { AppLink } from "../components/AppLink.js";
import { NotFoundView } from "../components/NotFoundView.js";
import { ProblemBar } from "../components/ProblemBar.js";
import { can } from "../domain/capabilities.js";
import type { BackupItem, BackupSet } from "../domain/contracts.js";
import { formatDateTime, formatNumber, humanize } from "../domain/format.js";
import { useWorkspace } from "../hooks/session.js";
import { usePolling } from "../hooks/usePolling.js";
import { useTenants } from "../hooks/useTenants.js";
import { backupsService } from "../services/backupsService.js";
import { ApiError } from "../services/http.js";

const useStyles = makeStyles({
  layout: {
    display: "grid",
    gridTemplateColumns: "minmax(280px, 1fr) 2fr",
    gap: tokens.spacingHorizontalM,
    "@media (max-width: 900px)": { gridTemplateColumns: "1fr" },
  },
  wrap: { overflowX: "auto" },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function ItemsTable({ ws, set }: { ws: string; set: BackupSet }) {
  const styles = useStyles();
  const [items, setItems] = useState<BackupItem[]>([]);
  const [continuation, setContinuation] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const load = (token: string | null, reset: boolean): void => {
    setLoading(true);
    backupsService.listItems(ws, set.id, token).then(
      (page) => {
        setItems((prev) => (reset ? page.items : [...prev, ...page.items]));
        setContinuation(page.continuation);
        setLoading(false);
      },
      (err: unknown) => {
        setError(err);
        setLoading(false);
      },
    );
  };
  useEffect(() => load(null, true), [ws, set.id, set.status]);
  return (
    <Card className={styles.wrap}>
      <CardHeader
        header={<Title3 as="h2">Items of {set.id}</Title3>}
        description={<Text>{formatNumber(items.length)} loaded</Text>}
      />
      {error ? <ProblemBar error={error} /> : null}
      <Table size="small" aria-label="Backup items">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Policy</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Assignments</TableHeaderCell>
            <TableHeaderCell>Groups and filters</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((i) => (
            <TableRow key={i.id}>
              <TableCell>{i.displayName}</TableCell>
              <TableCell>{humanize(i.policyType)}</TableCell>
              <TableCell>
                {i.assignmentsStatus === "fetched"
                  ? (i.assignments?.length ?? 0)
                  : i.failure
                    ? `failed: ${i.failure.reasonCode}`
                    : humanize(i.assignmentsStatus)}
              </TableCell>
              <TableCell>
                {[...i.references.groups, ...i.references.filters]
                  .map((r) => r.displayName ?? r.id)
                  .join(", ") || "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {loading ? <Spinner size="small" label="Loading items" /> : null}
      {continuation ? <Button onClick={() => load(continuation, false)}>Load more items</Button> : null}
    </Card>
  );
}

export function TenantBackupsPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const navigate = useNavigate();
  const { tenantId = "", backupSetId } = useParams();
  const { nameOf } = useTenants(ws.workspaceId);
  const base = `/w/${encodeURIComponent(ws.workspaceId)}/tenants/${encodeURIComponent(tenantId)}`;
  const { data, error, loading } = usePolling(
    () => backupsService.listSets(ws.workspaceId, tenantId),
    [ws.workspaceId, tenantId],
    {
      isActive: (sets) => sets.some((s) => s.status === "running"),
      idleMaxMs: 60_000,
    },
  );
  if (error instanceof ApiError && error.isNotFound) return <NotFoundView what="tenant" />;
  const sets = data ?? [];
  const selected = sets.find((s) => s.id === backupSetId) ?? (backupSetId ? undefined : sets[0]);
  if (backupSetId && data && !selected) return <NotFoundView what="backup set" />;

  return (
    <>
      <Title2 as="h1">Backups of {nameOf(tenantId)}</Title2>
      {error ? <ProblemBar error={error} /> : null}
      <div className={styles.layout}>
        <Card className={styles.wrap}>
          <CardHeader header={<Title3 as="h2">Backup sets</Title3>} />
          {loading ? <Spinner size="small" label="Loading backup sets" /> : null}
          {!loading && sets.length === 0 ? <Text>No backups yet.</Text> : null}
          <Table size="small" aria-label="Backup sets">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Created</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Items</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sets.map((s) => (
                <TableRow
                  key={s.id}
                  className={s.id === selected?.id ? styles.selected : undefined}
                  aria-selected={s.id === selected?.id}
                >
                  <TableCell>
                    <AppLink to={`${base}/backup-sets/${encodeURIComponent(s.id)}`}>
                      {formatDateTime(s.createdAt)}
                    </AppLink>
                  </TableCell>
                  <TableCell>
                    {humanize(s.status)}
                    {" · "}
                    <AppLink
                      to={`/w/${encodeURIComponent(ws.workspaceId)}/runs/${encodeURIComponent(s.runId)}`}
                    >
                      run
                    </AppLink>
                  </TableCell>
                  <TableCell>
                    {formatNumber(s.summaryCounts.total)}
                    {s.summaryCounts.failed > 0 ? ` (${formatNumber(s.summaryCounts.failed)} failed)` : ""}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
        {selected ? (
          <div>
            {can(ws, "restores.create") && selected.status === "completed" ? (
              <Button
                appearance="primary"
                onClick={() =>
                  void navigate(
                    `/w/${encodeURIComponent(ws.workspaceId)}/restore?backupSetId=${encodeURIComponent(selected.id)}&sourceTenantId=${encodeURIComponent(tenantId)}`,
                  )
                }
              >
                Restore from this backup
              </Button>
            ) : null}
            <ItemsTable ws={ws.workspaceId} set={selected} />
          </div>
        ) : null}
      </div>
    </>
  );
}
