// The operator status of a run (spec 053 mapping) as a coloured badge with an icon and text.
import { Badge, Spinner, type BadgeProps } from "@fluentui/react-components";
import {
  CheckmarkCircle16Filled,
  Clock16Regular,
  DismissCircle16Filled,
  ErrorCircle16Filled,
  Prohibited16Regular,
  Warning16Filled,
} from "@fluentui/react-icons";

import type { RunOutcome, RunStatus } from "../domain/contracts.js";
import { statusBucketLabels, statusBucketOf, type StatusBucket } from "../domain/runStatus.js";

const look: Record<StatusBucket, { color: BadgeProps["color"]; icon: BadgeProps["icon"] }> = {
  queued: { color: "informative", icon: <Clock16Regular /> },
  running: { color: "brand", icon: <Spinner size="extra-tiny" aria-hidden /> },
  succeeded: { color: "success", icon: <CheckmarkCircle16Filled /> },
  partially_succeeded: { color: "warning", icon: <Warning16Filled /> },
  failed: { color: "danger", icon: <ErrorCircle16Filled /> },
  blocked: { color: "severe", icon: <Prohibited16Regular /> },
  cancelled: { color: "subtle", icon: <DismissCircle16Filled /> },
};

export function BucketBadge({ bucket }: { bucket: StatusBucket }) {
  const { color, icon } = look[bucket];
  return (
    <Badge appearance="tint" color={color} icon={icon} data-status={bucket}>
      {statusBucketLabels[bucket]}
    </Badge>
  );
}

export function RunStatusBadge({ run }: { run: { status: RunStatus; outcome: RunOutcome } }) {
  return <BucketBadge bucket={statusBucketOf(run)} />;
}
