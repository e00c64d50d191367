import { describe, expect, it } from "vitest";

import { backupItemSchema } from "../../../shared/backup/backupDocuments.js";
import {
  buildBackupItem,
  referencesFor,
  withAssignments,
  withAssignmentsFailure,
} from "../../../shared/backup/backupItemBuilder.js";
import { allDevices, exclusion, group } from "../assignments/arbitraries.js";

const scope = { workspaceId: "ws", tenantId: "t1", backupSetId: "bs1" };
const now = "2026-11-25T14:00:00.000Z";

describe("backup items", () => {
  it("builds a valid, deterministic item that keeps expanded assignments", () => {
    const policy = {
      policyType: "deviceConfigurations",
      policyId: "p1",
      displayName: "Baseline",
      payload: { id: "p1", displayName: "Baseline" },
      assignments: [group("g-1")],
    };
    const a = buildBackupItem(scope, policy, now);
    const b = buildBackupItem(scope, policy, now);
    expect(backupItemSchema.parse(a.item)).toEqual(a.item);
    expect(a.item.id).toBe(b.item.id);
    expect(a.item.assignmentsStatus).toBe("pending");
    expect(a.item.assignments).toHaveLength(1);
  });

  it("splits a large payload into chunks instead of truncating it", () => {
    const policy = {
      policyType: "configurationPolicies",
      policyId: "p2",
      displayName: "Huge",
      payload: { blob: "x".repeat(3_000_000) },
      assignments: null,
    };
    const stored = buildBackupItem(scope, policy, now);
    expect(stored.item.payload).toBeNull();
    expect(stored.chunks.length).toBe(3);
    expect(stored.item.payloadBytes).toBe(3_000_011);
  });

  it("records group and filter names for every referenced id, null when unknown", () => {
    const assignments = [
      group("g-1", {
        deviceAndAppManagementAssignmentFilterId: "f-1",
        deviceAndAppManagementAssignmentFilterType: "include",
      }),
      exclusion("g-2"),
      allDevices(),
    ];
    const refs = referencesFor(assignments, new Map([["g-1", "Sales"]]), new Map([["f-1", "Win11"]]));
    expect(refs).toEqual({
      groups: [
        { id: "g-1", displayName: "Sales" },
        { id: "g-2", displayName: null },
      ],
      filters: [{ id: "f-1", displayName: "Win11" }],
    });
    const { item } = buildBackupItem(
      scope,
      { policyType: "t", policyId: "p", displayName: "d", payload: {}, assignments: null },
      now,
    );
    const fetched = withAssignments(item, assignments, refs, now);
    expect(fetched.assignmentsStatus).toBe("fetched");
    const failed = withAssignmentsFailure(
      item,
      { reasonCode: "graph_forbidden", message: "m".repeat(900) },
      now,
    );
    expect(failed.failure?.message).toHaveLength(500);
    expect(backupItemSchema.safeParse(failed).success).toBe(true);
  });
});
