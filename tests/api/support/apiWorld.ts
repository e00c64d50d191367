// The API wired for in-process tests on the real stores: the Cosmos run ledger, directory, audit log,
// notifications and idempotency on the local Cosmos server, the test issuer's JWKS for bearer tokens,
// and two workspaces — "ws-a" with one member per role and an external app, "ws-b" foreign to them —
// each with a tenant and runs. Durable is the one recorded dependency (an external runtime).
import { randomUUID } from "node:crypto";

import { orchestrationStarts } from "../../../functions/adapters/orchestrationStarts.js";
import { startCosmosServer } from "../../../local/cosmos/startCosmosServer.js";
import type { ApiDeps } from "../../../shared/api/apiDeps.js";
import { apiRoutes } from "../../../shared/api/apiRoutes.js";
import { handleApiRequest } from "../../../shared/api/handleApiRequest.js";
import { matchRoute } from "../../../shared/api/matchRoute.js";
import { Authenticator } from "../../../shared/auth/authenticator.js";
import { BearerTokenVerifier } from "../../../shared/auth/bearerTokenVerifier.js";
import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import type { Role } from "../../../shared/domain/directory.js";
import type { OperationRun } from "../../../shared/domain/operationRun.js";
import type { ApiResponse } from "../../../shared/http/apiHttp.js";
import { notFound, problemResponse } from "../../../shared/http/httpProblem.js";
import type {
  OrchestrationControl,
  OrchestrationStatus,
} from "../../../shared/ports/orchestrationControl.js";
import { setReconcileDeps } from "../../../shared/reconcile/reconcileDeps.js";
import { CosmosRunRepair, CosmosWorkspaceLister } from "../../../shared/store/CosmosRunRepair.js";
import { type CosmosStore, createCosmosStore } from "../../../shared/store/cosmosStore.js";
import { idempotencyContainerDefinition } from "../../../shared/store/idempotencyContainer.js";
import { CosmosIdempotencyStore } from "../../../shared/store/idempotencyStore.js";
import { CosmosNotificationStore } from "../../../shared/store/notificationStore.js";
import { CosmosBackupStore } from "../../../shared/store/CosmosBackupStore.js";
import { CosmosRestoreStore } from "../../../shared/store/CosmosRestoreStore.js";
import { draftRestoreRun } from "../../../shared/restore/restoreRequest.js";
import { emptyPolicyGraph } from "./emptyPolicyGraph.js";
import { observeWrites, type WriteCounter } from "./observeWrites.js";
import { startTokenIssuer, testAudience, testTenantId, type TokenIssuer } from "./tokenIssuer.js";

export const appClientId = "22222222-2222-4222-8222-222222222222";
export const members: Readonly<Record<Role, string>> = {
  owner: "user-owner",
  operator: "user-operator",
  readonly: "user-readonly",
};
export const outsider = "user-outsider";
export const foreignOwner = "user-foreign-owner";

/** Records what the API asked of Durable (an external runtime, not our code). */
export class RecordingOrchestration implements OrchestrationControl {
  started: { name: string; instanceId: string; input: unknown }[] = [];
  terminated: { instanceId: string; reason: string }[] = [];
  /** Set to make starts fail as they do when Durable's storage is unreachable. */
  failStarts = false;
  start(name: string, instanceId: string, input: unknown) {
    if (this.failStarts) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:10001"));
    this.started.push({ name, instanceId, input });
    return Promise.resolve();
  }
  getStatus(instanceId: string): Promise<OrchestrationStatus | null> {
    const known = this.started.some((s) => s.instanceId === instanceId);
    return Promise.resolve(known ? { instanceId, runtimeStatus: "Running" } : null);
  }
  terminate(instanceId: string, reason: string) {
    this.terminated.push({ instanceId, reason });
    return Promise.resolve();
  }
}

export type Caller = Role | "outsider" | "foreign" | "anonymous" | { header: Record<string, string> };

export interface CallOptions {
  as?: Caller;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export function clientPrincipalHeader(userId: string, roles = ["anonymous", "authenticated"]): string {
  const principal = { identityProvider: "aad", userId, userDetails: "someone", userRoles: roles };
  return Buffer.from(JSON.stringify(principal)).toString("base64");
}

export interface ApiWorld {
  deps: ApiDeps;
  store: CosmosStore;
  issuer: TokenIssuer;
  orchestration: RecordingOrchestration;
  /** Writes the stores performed (tenants created, runs started/changed, audit entries, notifications). */
  writes: WriteCounter;
  /** What the pipeline logged for unexpected failures (names only). */
  loggedErrors: Record<string, string | number>[];
  fixtures: {
    runningRunA: OperationRun;
    failedRunA: OperationRun;
    succeededRunA: OperationRun;
    runB: OperationRun;
  };
  /** Ids of ws-a's tenant, a backup set of it and a draft restore run from that set (backup/restore routes). */
  recoveryFixtures: { tenantA: string; backupSetA: string; restoreRunA: string };
  /** A new run in ws-a or ws-b, optionally completed `failed` with item failures. */
  newRun(ws: "ws-a" | "ws-b", state: "running" | "failed"): Promise<OperationRun>;
  auditEntries(workspaceId: string, action: string): Promise<AuditEntry[]>;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export async function startApiWorld(): Promise<ApiWorld> {
  const [cosmos, issuer] = await Promise.all([startCosmosServer(), startTokenIssuer()]);
  const store = await createCosmosStore({
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: "local",
    COSMOS_DATABASE: "api-tests",
    COSMOS_ALLOW_INSECURE_TLS: true,
    COSMOS_ENSURE_CONTAINERS: true,
  });
  const database = store.client.database("api-tests");
  const { container: idempotencyContainer } = await database.containers.createIfNotExists(
    idempotencyContainerDefinition,
  );
  const loggedErrors: Record<string, string | number>[] = [];
  const writes: WriteCounter = { count: 0 };
  const orchestration = new RecordingOrchestration();
  const ledger = observeWrites(store.runLedger, ["start", "markRunning", "complete", "linkChildRun"], writes);
  const directory = observeWrites(store.directory, ["createTenant"], writes);
  const audit = observeWrites(store.auditLog, ["record"], writes);
  const notifications = observeWrites(
    new CosmosNotificationStore(store.containers.notifications),
    ["record", "markRead"],
    writes,
  );
  const deps: ApiDeps = {
    authenticator: new Authenticator(
      new BearerTokenVerifier({
        issuer: issuer.issuerTemplate,
        jwksUrl: issuer.jwksUrl,
        audience: testAudience,
        allowedTenants: [testTenantId],
      }),
      true,
    ),
    directory,
    ledger,
    failureLog: store.failureLog,
    audit,
    notifications,
    idempotency: new CosmosIdempotencyStore(idempotencyContainer),
    clock: { now: () => new Date() },
    ids: { newId: () => randomUUID() },
    health: [
      {
        name: "cosmos",
        check: async () => {
          await database.read();
        },
      },
    ],
    logger: {
      error: (message, facts) => {
        loggedErrors.push({ message, ...facts });
      },
    },
    orchestration,
    orchestrationStarts,
    recovery: {
      backups: new CosmosBackupStore(store.containers.backups),
      restores: observeWrites(new CosmosRestoreStore(store.containers.restores), ["create"], writes),
      graph: emptyPolicyGraph,
    },
  };

  // The reconcile route's adapters (RunRepair needs the Cosmos documents with their etags).
  setReconcileDeps({
    ledger: store.runLedger,
    repair: new CosmosRunRepair(store.containers.runs),
    workspaces: new CosmosWorkspaceLister(store.containers.directory),
    audit: store.auditLog,
    clock: { now: () => new Date() },
    options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
  });

  const created = new Date().toISOString();
  for (const [id, name] of [
    ["ws-a", "Alpha MSP"],
    ["ws-b", "Bravo MSP"],
  ] as const) {
    await store.directory.ensureWorkspace({
      id,
      docType: "workspace",
      workspaceId: id,
      name,
      createdAt: created,
    });
  }
  const member = (workspaceId: string, userId: string, role: Role, displayName: string) =>
    store.directory.ensureMembership({
      docType: "membership",
      workspaceId,
      userId,
      role,
      displayName,
      createdAt: created,
    });
  await member("ws-a", members.owner, "owner", "Olivia Owner");
  await member("ws-a", members.operator, "operator", "Oscar Operator");
  await member("ws-a", members.readonly, "readonly", "Rita Readonly");
  await member("ws-a", appClientId, "owner", "External system");
  await member("ws-b", foreignOwner, "owner", "Frank Foreign");
  for (const [ws, id, externalId] of [
    ["ws-a", "tenant-a1", "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],
    ["ws-b", "tenant-b1", "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"],
  ] as const) {
    await store.directory.createTenant({
      id,
      docType: "tenant",
      workspaceId: ws,
      externalId,
      displayName: id,
      credentialRef: "keyvault:graph-app",
      backupSchedule: null,
      createdAt: created,
    });
  }

  const startFixture = async (ws: "ws-a" | "ws-b", userId: string, restoreRunId: string) =>
    (
      await store.runLedger.start({
        workspaceId: ws,
        tenantId: ws === "ws-a" ? "tenant-a1" : "tenant-b1",
        type: "restore.execute",
        initiator: { userId, name: "Fixture" },
        identityInputs: { restoreRunId },
        context: { backupSetId: "bs-1", restoreRunId, selection: { policyIds: ["p1", "p2", "p3"] } },
      })
    ).run;
  const newRun = async (ws: "ws-a" | "ws-b", state: "running" | "failed") => {
    const run = await startFixture(ws, ws === "ws-a" ? members.operator : foreignOwner, `rr-${randomUUID()}`);
    if (state === "running") return store.runLedger.markRunning(ws, run.id);
    await store.runLedger.markRunning(ws, run.id);
    return store.runLedger.complete(ws, run.id, {
      outcome: "partially_succeeded",
      summaryCounts: { total: 3, succeeded: 1, failed: 2 },
      failures: [
        { code: "restore.item", reasonCode: "group_unmapped", message: "Group not mapped", itemId: "p2" },
        { code: "restore.item", reasonCode: "graph_forbidden", message: "Forbidden", itemId: "p3" },
      ],
    });
  };
  const runningRunA = await newRun("ws-a", "running");
  const failedRunA = await newRun("ws-a", "failed");
  const succeededRunA = await startFixture("ws-a", members.owner, "rr-succeeded");
  await store.runLedger.markRunning("ws-a", succeededRunA.id);
  await store.runLedger.complete("ws-a", succeededRunA.id, { outcome: "succeeded" });
  const runB = await newRun("ws-b", "running");
  const recoveryFixtures = { tenantA: "tenant-a1", backupSetA: "bs-a1", restoreRunA: "rr-a1" };
  await new CosmosBackupStore(store.containers.backups).saveBackupSet({
    id: recoveryFixtures.backupSetA,
    docType: "backupSet",
    workspaceId: "ws-a",
    tenantId: recoveryFixtures.tenantA,
    runId: succeededRunA.id,
    assignmentsRunId: null,
    selection: {},
    status: "completed",
    summaryCounts: { total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, assignments: 0 },
    createdAt: created,
    completedAt: created,
  });
  await new CosmosRestoreStore(store.containers.restores).create(
    draftRestoreRun({
      id: recoveryFixtures.restoreRunA,
      workspaceId: "ws-a",
      sourceTenantId: recoveryFixtures.tenantA,
      request: {
        backupSetId: recoveryFixtures.backupSetA,
        targetTenantId: recoveryFixtures.tenantA,
        selectedItemIds: null,
        groupMapping: { strategy: "displayName", map: {} },
        filterMapping: { strategy: "displayName", map: {} },
        missingTargetPolicy: "skip",
        dryRun: true,
      },
      createdBy: { userId: members.owner, name: "Olivia Owner" },
      now: created,
    }),
  );

  const headersFor = (caller: Caller): Record<string, string> => {
    if (typeof caller === "object") return caller.header;
    if (caller === "anonymous") return {};
    const userId = caller === "outsider" ? outsider : caller === "foreign" ? foreignOwner : members[caller];
    return { "x-ms-client-principal": clientPrincipalHeader(userId) };
  };

  return {
    deps,
    store,
    issuer,
    orchestration,
    writes,
    loggedErrors,
    fixtures: { runningRunA, failedRunA, succeededRunA, runB },
    recoveryFixtures,
    newRun,
    async auditEntries(workspaceId, action) {
      return (await store.auditLog.list(workspaceId, { action }, 200, null)).items;
    },
    async call(method, path, options = {}) {
      const url = new URL(path, "http://api.test");
      const match = matchRoute(apiRoutes, method, url.pathname);
      if (match === null) return problemResponse(notFound("The route"));
      const body = options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body));
      const headers: Record<string, string> = {
        ...headersFor(options.as ?? "owner"),
        ...(body === null || options.rawBody !== undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      };
      const response = await handleApiRequest(match.route, deps, {
        method,
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        body,
      });
      // Round-trip through JSON as the wire would.
      return response.body === undefined
        ? response
        : { ...response, body: JSON.parse(JSON.stringify(response.body)) };
    },
    async stop() {
      store.dispose();
      await Promise.all([cosmos.close(), issuer.stop()]);
    },
  };
}
