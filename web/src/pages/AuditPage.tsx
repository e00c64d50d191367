// The workspace's audit log with filters (kept in the URL) and continuation paging.
import {
  Button,
  Field,
  Input,
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
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";

import { AppLink } from "../components/AppLink.js";
import { ProblemBar } from "../components/ProblemBar.js";
import type { AuditEntry } from "../domain/contracts.js";
import { formatDateTime } from "../domain/format.js";
import { useWorkspace } from "../hooks/session.js";
import { useTenants } from "../hooks/useTenants.js";
import { auditService, type AuditFilters } from "../services/auditService.js";
import { scrollRegion } from "../components/scrollRegion.js";

const useStyles = makeStyles({
  filters: {
    // Grid cells and selects may shrink below their longest option on narrow screens.
    "& > *": { minWidth: 0 },
    "& select": { minWidth: 0, width: "100%" },
    "& .fui-Select": { minWidth: 0, maxWidth: "100%" },
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))",
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
  },
  table: { minWidth: "860px" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  footer: { display: "flex", justifyContent: "center", padding: tokens.spacingVerticalM },
});

const rangeMs: Record<string, number | null> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  all: null,
};

export function AuditPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const { tenants, nameOf } = useTenants(ws.workspaceId);
  const [params, setParams] = useSearchParams();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [continuation, setContinuation] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [actionDraft, setActionDraft] = useState(params.get("action") ?? "");
  const range = params.get("range") ?? "30d";
  const actionValid = actionDraft.trim() === "" || /^[a-z_]+(\.[a-z_]+)+$/.test(actionDraft.trim());
  const ms = rangeMs[range] ?? null;
  const filters: AuditFilters = {
    tenantId: params.get("tenantId") ?? undefined,
    action: params.get("action") ?? undefined,
    actorUserId: params.get("actorUserId") ?? undefined,
    since: ms === null ? undefined : new Date(Date.now() - ms).toISOString(),
  };
  const key = params.toString();

  const load = (token: string | null, reset: boolean): void => {
    setLoading(true);
    auditService.list(ws.workspaceId, filters, token).then(
      (page) => {
        setEntries((prev) => (reset ? page.items : [...prev, ...page.items]));
        setContinuation(page.continuation);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        setError(err);
        setLoading(false);
      },
    );
  };
  useEffect(() => load(null, true), [ws.workspaceId, key]);

  const setFilter = (name: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <Title2 as="h1">Audit log</Title2>
      <form
        className={styles.filters}
        aria-label="Filter audit entries"
        onSubmit={(e) => {
          e.preventDefault();
          if (actionValid) setFilter("action", actionDraft.trim());
        }}
      >
        <Field label="Tenant">
          <Select value={params.get("tenantId") ?? ""} onChange={(_, d) => setFilter("tenantId", d.value)}>
            <option value="">All tenants</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Action"
          hint="A dotted action name, e.g. backup.set.started"
          validationMessage={
            actionValid ? undefined : "Use lower-case words joined by dots, e.g. ops.run.cancelled"
          }
        >
          <Input
            value={actionDraft}
            onChange={(_, d) => setActionDraft(d.value)}
            onBlur={() => {
              if (actionValid) setFilter("action", actionDraft.trim());
            }}
          />
        </Field>
        <Field label="Time range">
          <Select value={range} onChange={(_, d) => setFilter("range", d.value)}>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="all">All time</option>
          </Select>
        </Field>
      </form>
      {error ? <ProblemBar error={error} /> : null}
      <div className={styles.wrap} {...scrollRegion("Audit entries")}>
        <Table className={styles.table} size="small" aria-label="Audit entries">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Actor</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Tenant</TableHeaderCell>
              <TableHeaderCell>Target</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{formatDateTime(e.timestamp)}</TableCell>
                <TableCell>
                  {e.actor.name} <Text size={200}>({e.actor.kind})</Text>
                </TableCell>
                <TableCell className={styles.mono}>{e.action}</TableCell>
                <TableCell>{e.tenantId ? nameOf(e.tenantId) : "—"}</TableCell>
                <TableCell>
                  {e.runId ? (
                    <AppLink
                      to={`/w/${encodeURIComponent(ws.workspaceId)}/runs/${encodeURIComponent(e.runId)}`}
                    >
                      {e.target.id}
                    </AppLink>
                  ) : (
                    <span className={styles.mono}>
                      {e.target.type} {e.target.id}
                    </span>
                  )}
                </TableCell>
                <TableCell>{e.outcome}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {loading ? <Spinner size="small" label="Loading audit entries" /> : null}
        {!loading && entries.length === 0 ? (
          <div className={styles.footer}>
            <Text>No audit entries match.</Text>
          </div>
        ) : null}
        {continuation ? (
          <div className={styles.footer}>
            <Button onClick={() => load(continuation, false)}>Load older entries</Button>
          </div>
        ) : null}
      </div>
    </>
  );
}
