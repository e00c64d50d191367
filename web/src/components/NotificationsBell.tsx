// The notifications bell: unread count, and the latest run notifications (queued/completed) linking to runs.
import {
  Button,
  CounterBadge,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Alert24Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useNavigate } from "react-router-dom";

import type { Notification } from "../domain/contracts.js";
import { formatNumber, formatRelative } from "../domain/format.js";
import { operationLabel } from "../domain/operationLabels.js";
import type { StatusBucket } from "../domain/runStatus.js";
import { usePolling } from "../hooks/usePolling.js";
import { useNow } from "../hooks/useNow.js";
import { useTenants } from "../hooks/useTenants.js";
import { notificationsService } from "../services/notificationsService.js";
import { BucketBadge } from "./RunStatusBadge.js";

const useStyles = makeStyles({
  wrap: { position: "relative", display: "inline-flex" },
  badge: { position: "absolute", top: "0", right: "0", pointerEvents: "none" },
  surface: {
    width: "min(380px, 92vw)",
    maxHeight: "70vh",
    overflowY: "auto",
    padding: tokens.spacingVerticalS,
  },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    width: "100%",
    textAlign: "left",
    border: "none",
    background: "none",
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    cursor: "pointer",
    color: tokens.colorNeutralForeground1,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  unread: { borderLeft: `3px solid ${tokens.colorBrandStroke1}` },
  meta: { color: tokens.colorNeutralForeground2 },
});

const bucketOf: Record<Notification["statusBucket"], StatusBucket> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  partial: "partially_succeeded",
  failed: "failed",
};

export function NotificationsBell({ workspaceId }: { workspaceId: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const now = useNow(15_000);
  const { nameOf } = useTenants(workspaceId);
  const [open, setOpen] = useState(false);
  const { data, refresh } = usePolling(() => notificationsService.list(workspaceId), [workspaceId], {
    idleMaxMs: 30_000,
  });
  const unread = data?.unreadCount ?? 0;

  const openRun = (n: Notification): void => {
    setOpen(false);
    if (!n.readAt) void notificationsService.markRead(workspaceId, [n.id]).then(refresh, refresh);
    void navigate(`/w/${encodeURIComponent(workspaceId)}/runs/${encodeURIComponent(n.runId)}`);
  };

  return (
    <Popover open={open} onOpenChange={(_, d) => setOpen(d.open)} positioning="below-end" trapFocus>
      <PopoverTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={styles.wrap}
          icon={<Alert24Regular />}
          aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
          data-testid="notifications-bell"
        >
          {unread > 0 ? (
            <CounterBadge className={styles.badge} count={unread} size="small" color="danger" aria-hidden />
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverSurface className={styles.surface} aria-label="Notifications">
        {(data?.items.length ?? 0) === 0 ? (
          <Text>
            No notifications yet. Runs you start report here when they are queued and when they complete.
          </Text>
        ) : (
          <ul className={styles.list}>
            {data?.items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  className={mergeClasses(styles.item, !n.readAt && styles.unread)}
                  onClick={() => openRun(n)}
                >
                  <span>
                    <BucketBadge bucket={bucketOf[n.statusBucket]} />{" "}
                    <Text weight="semibold">{operationLabel(n.type)}</Text>
                    {n.tenantId ? <Text> · {nameOf(n.tenantId)}</Text> : null}
                  </span>
                  <Text size={200} className={styles.meta}>
                    {formatRelative(n.createdAt, now)}
                    {n.summaryCounts.total !== undefined
                      ? ` · ${formatNumber(n.summaryCounts.total)} items`
                      : ""}
                    {n.summaryCounts.failed ? ` · ${formatNumber(n.summaryCounts.failed)} failed` : ""}
                    {!n.readAt ? " · unread" : ""}
                  </Text>
                  {n.errorSummary ? (
                    <Text size={200} className={styles.meta}>
                      {n.errorSummary}
                    </Text>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </PopoverSurface>
    </Popover>
  );
}
