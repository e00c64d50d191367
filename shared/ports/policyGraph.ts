// What backup and restore need from Microsoft Graph, per tenant. The Graph access layer (shared/graph) is
// adapted to this port; URLs, $expand support, $batch and /assign body keys stay behind it.
import type { PolicyAssignment } from "../assignments/policyAssignment.js";
import type { ReasonCode } from "../domain/reasonCodes.js";

/** Policy type key as the Graph access layer's table names it, e.g. `deviceConfigurations`. */
export type PolicyType = string;

export interface ListedPolicy {
  policyType: PolicyType;
  policyId: string;
  displayName: string;
  /** The policy as Graph returned it, without `assignments` (stored whole, never truncated). */
  payload: Record<string, unknown>;
  /** Present when the list call could `$expand=assignments` for this type; null means "fetch them". */
  assignments: PolicyAssignment[] | null;
}

export interface PolicyRef {
  policyType: PolicyType;
  policyId: string;
}

export type AssignmentsResult =
  | { ok: true; policyType: PolicyType; policyId: string; assignments: PolicyAssignment[] }
  | { ok: false; policyType: PolicyType; policyId: string; reasonCode: ReasonCode; message: string };

export interface DirectoryObject {
  id: string;
  displayName: string;
}

/** Lookup input: objects by id and/or by exact display name. */
export interface DirectoryQuery {
  ids: readonly string[];
  displayNames: readonly string[];
}

export interface PolicyGraph {
  /** Policy types this deployment backs up, in a stable order. */
  policyTypes(): readonly PolicyType[];
  /** Every policy of the type (all pages); with assignments where the list can expand them. */
  listPolicies(tenantId: string, policyType: PolicyType): Promise<ListedPolicy[]>;
  /** Assignments of many policies, in `$batch`es; one result per ref, failures per item. */
  fetchAssignments(tenantId: string, refs: readonly PolicyRef[]): Promise<AssignmentsResult[]>;
  /** Current assignments of one policy; null when the policy does not exist in the tenant. */
  currentAssignments(tenantId: string, ref: PolicyRef): Promise<PolicyAssignment[] | null>;
  /** Replaces the policy's whole assignment set (`/assign` or the type's equivalent). */
  assign(tenantId: string, ref: PolicyRef, assignments: readonly PolicyAssignment[]): Promise<void>;
  /** Groups matching any id or any display name (every match: duplicates by name are returned). */
  resolveGroups(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]>;
  /** Assignment filters matching any id or any display name. */
  resolveFilters(tenantId: string, query: DirectoryQuery): Promise<DirectoryObject[]>;
}

/** What a PolicyGraph adapter throws for a whole call; per-item failures are results, not errors. */
export class PolicyGraphError extends Error {
  constructor(
    readonly reasonCode: ReasonCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "PolicyGraphError";
  }
}

const transientReasons: ReadonlySet<ReasonCode> = new Set([
  "graph_throttled",
  "graph_unavailable",
  "dependency_timeout",
]);

/** Throttling and outages the port could not ride out: retrying the whole step later may succeed. */
export function isTransientReason(reasonCode: ReasonCode): boolean {
  return transientReasons.has(reasonCode);
}

/** A PolicyGraphError that retrying cannot fix (forbidden, not found, bad request...), else null. */
export function permanentGraphError(error: unknown): PolicyGraphError | null {
  return error instanceof PolicyGraphError && !transientReasons.has(error.reasonCode) ? error : null;
}
