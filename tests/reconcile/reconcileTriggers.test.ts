// The on-demand route (through the real API pipeline: client-principal auth, the capability check, the
// route table) and the timer's all-workspaces pass, on the local Cosmos server.
import { CosmosRunFailureLog } from "../../shared/store/CosmosRunFailureLog.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiDeps } from "../../shared/api/apiDeps.js";
import { routeNamed } from "../../shared/api/apiRoutes.js";
import { handleApiRequest } from "../../shared/api/handleApiRequest.js";
import { Authenticator } from "../../shared/auth/authenticator.js";
import { BearerTokenVerifier } from "../../shared/auth/bearerTokenVerifier.js";
import type { Role } from "../../shared/domain/directory.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import type { ApiResponse } from "../../shared/http/apiHttp.js";
import { reconcileAllWorkspaces } from "../../shared/reconcile/reconcileAllWorkspaces.js";
import { setReconcileDeps, type ReconcileAdapters } from "../../shared/reconcile/reconcileDeps.js";
import { CosmosAuditLog } from "../../shared/store/CosmosAuditLog.js";
import { CosmosDirectoryStore, membershipDocumentId } from "../../shared/store/CosmosDirectoryStore.js";
import { CosmosRunLedger } from "../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair, CosmosWorkspaceLister } from "../../shared/store/CosmosRunRepair.js";
import { idempotencyContainerDefinition } from "../../shared/store/idempotencyContainer.js";
import { CosmosIdempotencyStore } from "../../shared/store/idempotencyStore.js";
import { notificationContainerDefinition } from "../../shared/store/notificationContainer.js";
import { CosmosNotificationStore } from "../../shared/store/notificationStore.js";
import { startTestCosmos, type TestCosmos } from "../support/cosmos.js";
import { docsOf, FakeDurableStatus, minutesBefore, SettableClock } from "./support.js";

const now = new Date();
const present = new SettableClock(now);
const past = new SettableClock(minutesBefore(now, 40));
const durable = new FakeDurableStatus();

let cosmos: TestCosmos;
let reconcile: ReconcileAdapters;
let api: ApiDeps;
let pastLedger: CosmosRunLedger;

async function seedWorkspace(workspaceId: string, members: Partial<Record<Role, string>>): Promise<void> {
  const directory = cosmos.containers.directory;
  const createdAt = now.toISOString();
  await directory.items.create({
    id: workspaceId,
    docType: "workspace",
    workspaceId,
    name: workspaceId,
    createdAt,
  });
  for (const [role, userId] of Object.entries(members)) {
    await directory.items.create({
      id: membershipDocumentId(userId),
      docType: "membership",
      workspaceId,
      userId,
      displayName: `${role} of ${workspaceId}`,
      role,
      createdAt,
    });
  }
}

/** A running backup run started 40 minutes ago whose orchestration failed: one repair for the reconciler. */
async function brokenRun(workspaceId: string): Promise<OperationRun> {
  const { run } = await pastLedger.start({
    workspaceId,
    tenantId: "tenant-1",
    type: "backup_set.create",
    initiator: { userId: "user-1", name: "Oscar Operator" },
    identityInputs: { backupSetId: `bs-${workspaceId}` },
  });
  durable.set(run.id, "Failed");
  return pastLedger.markRunning(workspaceId, run.id);
}

beforeAll(async () => {
  cosmos = await startTestCosmos();
  const { runs, audits, directory } = cosmos.containers;
  const database = cosmos.client.database(cosmos.settings.COSMOS_DATABASE);
  const { container: notifications } = await database.containers.createIfNotExists(
    notificationContainerDefinition,
  );
  const { container: idempotency } = await database.containers.createIfNotExists(
    idempotencyContainerDefinition,
  );
  pastLedger = new CosmosRunLedger({ container: runs, clock: past });
  reconcile = {
    ledger: new CosmosRunLedger({ container: runs, clock: present }),
    repair: new CosmosRunRepair(runs),
    workspaces: new CosmosWorkspaceLister(directory),
    audit: new CosmosAuditLog(audits),
    clock: present,
    options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
  };
  setReconcileDeps(reconcile);
  api = {
    // Bearer tokens are not used here; the client principal header is trusted as behind SWA.
    authenticator: new Authenticator(
      new BearerTokenVerifier({
        issuer: "https://issuer.invalid/{tid}",
        jwksUrl: "http://127.0.0.1:9/jwks",
        audience: "api",
      }),
      true,
    ),
    directory: new CosmosDirectoryStore(directory),
    ledger: reconcile.ledger,
    failureLog: new CosmosRunFailureLog(cosmos.containers.failures),
    audit: reconcile.audit,
    notifications: new CosmosNotificationStore(notifications),
    idempotency: new CosmosIdempotencyStore(idempotency),
    clock: present,
    ids: { newId: () => crypto.randomUUID() },
    health: [],
    logger: { error: () => undefined },
    orchestration: durable,
    orchestrationStarts: {},
  };
  await seedWorkspace("ws-api", { owner: "u-owner", operator: "u-operator", readonly: "u-readonly" });
  await seedWorkspace("ws-other", { owner: "u-other-owner" });
});
afterAll(async () => {
  await cosmos.close();
});

function principal(userId: string): string {
  const body = { identityProvider: "aad", userId, userDetails: "someone", userRoles: ["authenticated"] };
  return Buffer.from(JSON.stringify(body)).toString("base64");
}

async function postReconcile(workspaceId: string, userId: string | null): Promise<ApiResponse> {
  const path = `/api/workspaces/${workspaceId}/ops/reconcile`;
  const response = await handleApiRequest(routeNamed("ops-reconcile"), api, {
    method: "POST",
    path,
    params: { workspaceId },
    query: new URLSearchParams(),
    headers: userId === null ? {} : { "x-ms-client-principal": principal(userId) },
    body: null,
  });
  return { ...response, body: JSON.parse(JSON.stringify(response.body ?? null)) };
}

describe("POST /api/workspaces/{ws}/ops/reconcile", () => {
  it("owner: 202 with the completed reconcile run, which repaired the broken run", async () => {
    const broken = await brokenRun("ws-api");
    const res = await postReconcile("ws-api", "u-owner");
    expect(res.status).toBe(202);
    const body = res.body as { run: OperationRun; deduped: boolean; statusUrl: string };
    expect(body.deduped).toBe(false);
    expect(body.run).toMatchObject({
      type: "ops.reconcile_adapter_runs",
      tenantId: null,
      userId: "u-owner",
      status: "completed",
      outcome: "succeeded",
      summaryCounts: { checked: 1, reconciled: 1, locks_released: 1, stale: 0, failed: 0 },
    });
    expect(body.statusUrl).toBe(`/api/workspaces/ws-api/runs/${body.run.id}`);
    expect(res.headers["location"]).toBe(body.statusUrl);
    expect((await reconcile.ledger.get("ws-api", broken.id))?.outcome).toBe("failed");
    const audits = await docsOf(cosmos.containers.audits, "ws-api", "audit");
    expect(audits.map((a) => a["actor"])).toEqual([
      { userId: "u-owner", name: "owner of ws-api", kind: "user" },
      { userId: "u-owner", name: "owner of ws-api", kind: "user" },
    ]);
  });

  it("answers the active reconcile run with deduped: true", async () => {
    const { run } = await reconcile.ledger.start({
      workspaceId: "ws-other",
      tenantId: null,
      type: "ops.reconcile_adapter_runs",
      initiator: { userId: null, name: "Reconcile timer" },
      identityInputs: {},
    });
    const res = await postReconcile("ws-other", "u-other-owner");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ deduped: true, run: { id: run.id, status: "queued" } });
    await reconcile.ledger.complete("ws-other", run.id, { outcome: "cancelled" });
  });

  it("owner only: operator and readonly 403, a non-member 404, anonymous 401 — and nothing is written", async () => {
    const before = (await docsOf(cosmos.containers.runs, "ws-api", "run")).length;
    expect((await postReconcile("ws-api", "u-operator")).status).toBe(403);
    expect((await postReconcile("ws-api", "u-readonly")).status).toBe(403);
    expect((await postReconcile("ws-api", "u-other-owner")).status).toBe(404);
    expect((await postReconcile("ws-api", null)).status).toBe(401);
    expect(await docsOf(cosmos.containers.runs, "ws-api", "run")).toHaveLength(before);
  });
});

describe("the timer's pass", () => {
  it("reconciles every workspace once; a second timer pass repairs nothing", async () => {
    const a = await brokenRun("ws-api");
    const b = await brokenRun("ws-other");
    const timer = { initiator: { userId: null, name: "Reconcile timer" }, actorKind: "system" as const };
    const first = await reconcileAllWorkspaces({ ...reconcile, orchestration: durable }, timer);
    expect(first.map((r) => [r.workspaceId, r.deduped, r.counts?.reconciled, r.reasonCode])).toEqual([
      ["ws-api", false, 1, null],
      ["ws-other", false, 1, null],
    ]);
    expect((await reconcile.ledger.get("ws-api", a.id))?.status).toBe("completed");
    expect((await reconcile.ledger.get("ws-other", b.id))?.status).toBe("completed");
    const second = await reconcileAllWorkspaces({ ...reconcile, orchestration: durable }, timer);
    expect(second.map((r) => r.counts)).toEqual([
      { checked: 0, reconciled: 0, locks_released: 0, stale: 0, failed: 0 },
      { checked: 0, reconciled: 0, locks_released: 0, stale: 0, failed: 0 },
    ]);
  });
});
