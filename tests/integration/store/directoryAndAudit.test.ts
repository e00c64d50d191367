// Directory and audit log against the local Cosmos server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import { deterministicAuditId, randomAuditId } from "../../../shared/domain/auditIds.js";
import { CosmosAuditLog } from "../../../shared/store/CosmosAuditLog.js";
import { CosmosDirectoryStore } from "../../../shared/store/CosmosDirectoryStore.js";
import { startTestCosmos, type TestCosmos } from "../../support/cosmos.js";

let cosmos: TestCosmos;
let directory: CosmosDirectoryStore;
let audit: CosmosAuditLog;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  directory = new CosmosDirectoryStore(cosmos.containers.directory);
  audit = new CosmosAuditLog(cosmos.containers.audits);
});
afterAll(async () => {
  await cosmos.close();
});

const at = "2026-03-01T10:00:00.000Z";

describe("CosmosDirectoryStore", () => {
  it("creates tenants once per externalId, even when registered concurrently", async () => {
    await directory.ensureWorkspace({
      id: "ws-d",
      docType: "workspace",
      workspaceId: "ws-d",
      name: "D",
      createdAt: at,
    });
    const externalId = "0d8f1c2e-3b4a-4c5d-9e6f-7a8b9c0d1e2f";
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        directory
          .createTenant({
            id: `tenant-${String(i)}`,
            docType: "tenant",
            workspaceId: "ws-d",
            externalId,
            displayName: `T${String(i)}`,
            credentialRef: "kv:secret-name",
            backupSchedule: null,
            createdAt: at,
          })
          .then(
            (r) => r,
            (e: unknown) => e,
          ),
      ),
    );
    const created = results.filter((r) => typeof r === "object" && r !== null && "created" in r && r.created);
    expect(created).toHaveLength(1);
    const tenants = await directory.listTenants("ws-d");
    expect(tenants).toHaveLength(1);
    expect(tenants[0]?.externalId).toBe(externalId);
    const again = await directory.createTenant({ ...tenants[0]!, id: "tenant-other" });
    expect(again).toEqual({ tenant: tenants[0], created: false });
    expect(await directory.getTenant("ws-d", tenants[0]!.id)).toEqual(tenants[0]);
    expect(await directory.getTenant("ws-other", tenants[0]!.id)).toBeNull();
  });

  it("rejects a tenant whose externalId is not a UUID v4, naming the field", async () => {
    await expect(
      directory.createTenant({
        id: "t-bad",
        docType: "tenant",
        workspaceId: "ws-d",
        externalId: "not-a-uuid",
        displayName: "Bad",
        credentialRef: "x",
        backupSchedule: null,
        createdAt: at,
      }),
    ).rejects.toThrowError(/^externalId:/);
  });

  it("finds memberships per workspace and across workspaces", async () => {
    for (const ws of ["ws-m1", "ws-m2"]) {
      await directory.ensureMembership({
        docType: "membership",
        workspaceId: ws,
        userId: "user-x",
        displayName: "X",
        role: ws === "ws-m1" ? "owner" : "readonly",
        createdAt: at,
      });
    }
    const second = await directory.ensureMembership({
      docType: "membership",
      workspaceId: "ws-m1",
      userId: "user-x",
      displayName: "X changed",
      role: "readonly",
      createdAt: at,
    });
    expect(second.created).toBe(false);
    expect(second.membership.role).toBe("owner"); // never overwritten
    expect((await directory.getMembership("ws-m1", "user-x"))?.role).toBe("owner");
    expect(await directory.getMembership("ws-m1", "user-y")).toBeNull();
    const all = await directory.listMemberships("user-x");
    expect(all.map((m) => `${m.workspaceId}:${m.role}`).sort()).toEqual(["ws-m1:owner", "ws-m2:readonly"]);
  });
});

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: randomAuditId(),
    docType: "audit",
    workspaceId: "ws-a",
    tenantId: "tenant-1",
    actor: { userId: "user-1", name: "Oscar", kind: "user" },
    action: "restore.assignments.executed",
    target: { type: "restoreRun", id: "rr-1" },
    outcome: "succeeded",
    runId: "run-1",
    details: { created: 3 },
    timestamp: at,
    ...overrides,
  };
}

describe("CosmosAuditLog", () => {
  it("records a fact with a deterministic id exactly once, even under concurrent retries", async () => {
    const id = deterministicAuditId("restore.assignments.executed", "run-once");
    const results = await Promise.all(
      Array.from({ length: 25 }, () => audit.record(entry({ id, runId: "run-once" }))),
    );
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    const listed = await audit.list("ws-a", { runId: "run-once" }, 50, null);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.id).toBe(id);
  });

  it("sanitizes details and rejects invalid entries naming the field", async () => {
    await audit.record(entry({ runId: "run-s", details: { note: "by alice@contoso.com", raw: { a: 1 } } }));
    const [stored] = (await audit.list("ws-a", { runId: "run-s" }, 5, null)).items;
    expect(stored?.details).toEqual({ note: "by [email]", raw: "[payload]" });
    await expect(audit.record(entry({ workspaceId: "" }))).rejects.toThrowError(/^workspaceId:/);
    await expect(audit.record(entry({ action: "nope" }))).rejects.toThrowError(/^action:/);
  });

  it("lists newest first with filters and continuation", async () => {
    for (let i = 0; i < 5; i += 1) {
      await audit.record(
        entry({
          workspaceId: "ws-list",
          timestamp: new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString(),
          action: i % 2 === 0 ? "ops.run.reconciled" : "restore.assignments.executed",
        }),
      );
    }
    const first = await audit.list("ws-list", {}, 2, null);
    expect(first.items).toHaveLength(2);
    expect(first.continuation).not.toBeNull();
    const rest = await audit.list("ws-list", {}, 10, first.continuation);
    const times = [...first.items, ...rest.items].map((e) => e.timestamp);
    expect(times).toHaveLength(5);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await audit.list("ws-list", { action: "ops.run.reconciled" }, 10, null)).items).toHaveLength(3);
    expect((await audit.list("ws-a", { action: "ops.run.reconciled" }, 10, null)).items).toHaveLength(0);
  });
});
