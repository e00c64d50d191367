import { describe, expect, it } from "vitest";

import { auditEntrySchema } from "../../../shared/domain/auditEntry.js";
import { auditEntryId, restoreAuditEntry } from "../../../shared/restore/restoreAudit.js";
import type { RestoreItemResult } from "../../../shared/restore/restoreRun.js";
import { restoreCounts, restoreOutcome } from "../../../shared/restore/restoreSummary.js";

function result(action: RestoreItemResult["action"], reasonCode: RestoreItemResult["reasonCode"] = null) {
  return {
    backupItemId: `bi_${Math.random()}`,
    policyType: "t",
    sourcePolicyId: "p",
    targetPolicyId: "p",
    action,
    applied: action === "created" || action === "updated",
    reasonCode,
    message: null,
    added: 0,
    kept: 0,
    removed: 0,
    unmapped: [],
    completedAt: "2026-11-25T14:00:00.000Z",
  } satisfies RestoreItemResult;
}

describe("restore summary and outcome", () => {
  it("counts per action and Graph writes", () => {
    const results = [
      result("created"),
      result("updated"),
      result("unchanged"),
      result("skipped"),
      result("failed"),
    ];
    expect(restoreCounts(6, results)).toEqual({
      total: 6,
      processed: 5,
      succeeded: 3,
      failed: 1,
      skipped: 1,
      created: 1,
      updated: 1,
      unchanged: 1,
      written: 2,
    });
  });

  it("outcome: succeeded / partially_succeeded / blocked / failed", () => {
    expect(restoreOutcome([])).toBe("succeeded");
    expect(restoreOutcome([result("unchanged"), result("skipped", "group_unmapped")])).toBe("succeeded");
    expect(restoreOutcome([result("updated"), result("failed", "group_unmapped")])).toBe(
      "partially_succeeded",
    );
    expect(restoreOutcome([result("failed", "graph_forbidden"), result("failed", "graph_forbidden")])).toBe(
      "blocked",
    );
    expect(restoreOutcome([result("failed", "graph_forbidden"), result("failed", "graph_not_found")])).toBe(
      "failed",
    );
  });

  it("builds one valid audit entry whose id depends only on action and run id", () => {
    const base = {
      workspaceId: "ws",
      targetTenantId: "tb",
      restoreRunId: "rr1",
      backupSetId: "bs1",
      runId: "run-1",
      actor: { userId: "u1", name: "Operator", kind: "user" as const },
      outcome: "succeeded" as const,
      counts: restoreCounts(1, [result("created")]),
      dryRun: false,
      timestamp: "2026-11-25T14:00:00.000Z",
    };
    const entry = auditEntrySchema.parse(restoreAuditEntry(base));
    expect(entry.action).toBe("restore.assignments.executed");
    expect(entry.id).toBe(auditEntryId("restore.assignments.executed", "run-1"));
    expect(restoreAuditEntry({ ...base, timestamp: "2026-11-25T15:00:00.000Z" }).id).toBe(entry.id);
    expect(restoreAuditEntry({ ...base, runId: "run-2" }).id).not.toBe(entry.id);
    expect(entry.details).toMatchObject({ counts: { created: 1, written: 1 }, dryRun: false });
  });
});
