// Stable reason codes: every failure stored on a run, item or audit entry carries exactly one of these.
import { z } from "zod";

export const reasonCodes = [
  "graph_throttled",
  "graph_forbidden",
  "graph_unauthorized",
  "graph_not_found",
  "graph_bad_request",
  "graph_unavailable",
  "group_unmapped",
  "filter_unmapped",
  "validation_failed",
  "dependency_timeout",
  "store_conflict",
  "store_unavailable",
  "provider_permission_denied",
  "orchestration_missing",
  "orchestration_start_failed",
  "orchestration_failed",
  "orchestration_terminated",
  "non_canonical_skip",
  "cancelled",
  "unknown",
] as const;

export const reasonCodeSchema = z.enum(reasonCodes);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;
