import { describe, expect, it } from "vitest";

import { operationCatalog, operationDefinition } from "../../../shared/domain/operationCatalog.js";
import { operationTypes } from "../../../shared/domain/operationTypes.js";

describe("operation catalog", () => {
  it("describes every operation type with label, scope, count keys, duration and identity inputs", () => {
    for (const type of operationTypes) {
      const def = operationDefinition(type);
      expect(def.type).toBe(type);
      expect(def.label.length).toBeGreaterThan(0);
      expect(["tenant", "workspace"]).toContain(def.scope);
      expect(def.allowedSummaryKeys.length).toBeGreaterThan(0);
      expect(def.expectedDurationSeconds).toBeGreaterThan(0);
    }
    expect(Object.keys(operationCatalog).sort()).toEqual([...operationTypes].sort());
  });

  it("has the types the issue requires, with the expected scopes", () => {
    expect(operationDefinition("ops.reconcile_adapter_runs").scope).toBe("workspace");
    for (const t of [
      "backup_set.create",
      "assignments.fetch",
      "restore.execute",
      "assignments.restore",
      "backup_schedule.scheduled",
      "directory_role_definitions.sync",
    ] as const) {
      expect(operationDefinition(t).scope).toBe("tenant");
    }
  });

  it("gives assignment jobs a cooldown and nothing else", () => {
    const cooled = operationTypes.filter((t) => operationDefinition(t).cooldown);
    expect(cooled.sort()).toEqual(["assignments.fetch", "assignments.restore"]);
  });

  it("identifies a scheduled backup by schedule and minute", () => {
    expect(operationDefinition("backup_schedule.scheduled").identityInputs.map((i) => i.name)).toEqual([
      "backupScheduleId",
      "scheduledFor",
    ]);
  });
});
