// The operation catalog: what each operation type is, where it lives (tenant or workspace scope), which
// summary-count keys it may report, how long it normally takes, and which inputs make up its identity.
import type { OperationType } from "./operationTypes.js";
import { operationTypes } from "./operationTypes.js";

export type OperationScope = "tenant" | "workspace";

/**
 * How an identity input is canonicalized before hashing: `string` as is, `stringSet` sorted and de-duplicated
 * (order of a selection never matters), `json` any JSON value encoded with sorted keys.
 */
export type IdentityInputKind = "string" | "stringSet" | "json";

export interface IdentityInputSpec {
  readonly name: string;
  readonly kind: IdentityInputKind;
}

export interface OperationDefinition {
  readonly type: OperationType;
  readonly label: string;
  readonly scope: OperationScope;
  readonly allowedSummaryKeys: readonly string[];
  /** Normal duration; the reconciler treats a run older than a multiple of this as stale. */
  readonly expectedDurationSeconds: number;
  /** Inputs that, with scope and type, define "the same operation" for active-run dedupe. */
  readonly identityInputs: readonly IdentityInputSpec[];
  /** The active-run lock outlives the run by the configured cooldown (spec 096: assignment jobs). */
  readonly cooldown: boolean;
}

const itemCounts = ["total", "processed", "succeeded", "failed", "skipped"] as const;

const s = (name: string): IdentityInputSpec => ({ name, kind: "string" });

const definitions: readonly OperationDefinition[] = [
  {
    type: "backup_set.create",
    label: "Create backup set",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "items", "assignments"],
    expectedDurationSeconds: 600,
    identityInputs: [s("backupSetId")],
    cooldown: false,
  },
  {
    type: "assignments.fetch",
    label: "Fetch assignments",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "assignments"],
    expectedDurationSeconds: 120,
    identityInputs: [s("backupItemId")],
    cooldown: true,
  },
  {
    type: "restore.execute",
    label: "Execute restore",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "created", "updated", "unchanged"],
    expectedDurationSeconds: 900,
    identityInputs: [s("restoreRunId")],
    cooldown: false,
  },
  {
    type: "assignments.restore",
    label: "Restore assignments",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "created", "updated", "deleted", "unchanged"],
    expectedDurationSeconds: 300,
    identityInputs: [s("restoreRunId")],
    cooldown: true,
  },
  {
    type: "ops.reconcile_adapter_runs",
    label: "Reconcile operation runs",
    scope: "workspace",
    // checked: active runs compared with their orchestration; stale: newly flagged past expected × factor.
    allowedSummaryKeys: ["checked", "reconciled", "locks_released", "stale", "failed"],
    expectedDurationSeconds: 60,
    identityInputs: [],
    cooldown: false,
  },
  {
    type: "backup_schedule.scheduled",
    label: "Scheduled backup",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "items", "assignments"],
    expectedDurationSeconds: 900,
    identityInputs: [s("backupScheduleId"), s("scheduledFor")],
    cooldown: false,
  },
  {
    type: "directory_role_definitions.sync",
    label: "Sync directory role definitions",
    scope: "tenant",
    allowedSummaryKeys: [...itemCounts, "created", "updated", "deleted"],
    expectedDurationSeconds: 120,
    identityInputs: [],
    cooldown: false,
  },
  {
    type: "provider_connection.verify",
    label: "Verify provider connection",
    scope: "tenant",
    allowedSummaryKeys: ["total", "succeeded", "failed"],
    expectedDurationSeconds: 60,
    identityInputs: [],
    cooldown: false,
  },
];

export const operationCatalog: Readonly<Record<OperationType, OperationDefinition>> = Object.fromEntries(
  definitions.map((d) => [d.type, d]),
) as Record<OperationType, OperationDefinition>;

/** The catalog entry of a type; every OperationType has one (checked by a unit test). */
export function operationDefinition(type: OperationType): OperationDefinition {
  return operationCatalog[type];
}

/** All types in catalog order, e.g. for filters in the Monitoring hub. */
export const catalogTypes: readonly OperationType[] = operationTypes;
