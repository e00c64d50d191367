// The API wired for in-process tests: real Cosmos (local server) for notifications and idempotency, the
// test issuer's JWKS for bearer tokens, and two workspaces — "ws-a" with one member per role and an
// external app, "ws-b" foreign to all of them — each with a tenant and runs.
import { randomUUID } from "node:crypto";

import { apiRoutes } from "../../../shared/api/apiRoutes.js";
import type { ApiDeps } from "../../../shared/api/apiDeps.js";
import { handleApiRequest } from "../../../shared/api/handleApiRequest.js";
import { matchRoute } from "../../../shared/api/matchRoute.js";
import { Authenticator } from "../../../shared/auth/authenticator.js";
import { BearerTokenVerifier } from "../../../shared/auth/bearerTokenVerifier.js";
import type { Role } from "../../../shared/domain/directory.js";
import type { OperationRun } from "../../../shared/domain/operationRun.js";
import type { ApiResponse } from "../../../shared/http/apiHttp.js";
import { notFound, problemResponse } from "../../../shared/http/httpProblem.js";
import type {
  OrchestrationControl,
  OrchestrationStatus,
} from "../../../shared/ports/orchestrationControl.js";
import { setReconcileDeps } from "../../../shared/reconcile/reconcileDeps.js";
import { CosmosAuditLog } from "../../../shared/store/CosmosAuditLog.js";
import { CosmosRunLedger } from "../../../shared/store/CosmosRunLedger.js";
import { CosmosRunRepair, CosmosWorkspaceLister } from "../../../shared/store/CosmosRunRepair.js";
import { ensureContainers } from "../../../shared/store/containers.js";
import { CosmosIdempotencyStore } from "../../../shared/store/idempotencyStore.js";
import { idempotencyContainerDefinition } from "../../../shared/store/idempotencyContainer.js";
import { notificationContainerDefinition } from "../../../shared/store/notificationContainer.js";
import { CosmosNotificationStore } from "../../../shared/store/notificationStore.js";
import { type LocalCosmos, startLocalCosmos } from "./cosmosServer.js";
import { MemoryAudit, MemoryDirectory, MemoryLedger } from "./memoryPorts.js";
import { startTokenIssuer, testAudience, type TokenIssuer } from "./tokenIssuer.js";

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
  start(name: string, instanceId: string, input: unknown) {
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
  cosmos: LocalCosmos;
  issuer: TokenIssuer;
  directory: MemoryDirectory;
  ledger: MemoryLedger;
  audit: MemoryAudit;
  orchestration: RecordingOrchestration;
  /** What the pipeline logged for unexpected failures (names only). */
  loggedErrors: Record<string, string | number>[];
  fixtures: {
    runningRunA: OperationRun;
    failedRunA: OperationRun;
    succeededRunA: OperationRun;
    runB: OperationRun;
  };
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  stop(): Promise<void>;
}

const t0 = Date.parse("2026-11-25T10:00:00.000Z");

export async function startApiWorld(): Promise<ApiWorld> {
  const [cosmos, issuer] = await Promise.all([startLocalCosmos(`api-${randomUUID()}`), startTokenIssuer()]);
  let tick = 0;
  const loggedErrors: Record<string, string | number>[] = [];
  const clock = { now: () => new Date(t0 + (tick += 1000)) };
  const directory = new MemoryDirectory();
  const ledger = new MemoryLedger(clock.now);
  const audit = new MemoryAudit();
  const orchestration = new RecordingOrchestration();
  const deps: ApiDeps = {
    authenticator: new Authenticator(
      new BearerTokenVerifier({
        issuer: issuer.issuerTemplate,
        jwksUrl: issuer.jwksUrl,
        audience: testAudience,
      }),
      true,
    ),
    directory,
    ledger,
    audit,
    notifications: new CosmosNotificationStore(await cosmos.container(notificationContainerDefinition)),
    idempotency: new CosmosIdempotencyStore(await cosmos.container(idempotencyContainerDefinition)),
    clock,
    ids: { newId: () => randomUUID() },
    health: [
      {
        name: "cosmos",
        check: async () => {
          await cosmos.database.read();
        },
      },
    ],
    logger: {
      error: (message, facts) => {
        loggedErrors.push({ message, ...facts });
      },
    },
    orchestration,
  };

  // The reconcile route's adapters (RunRepair needs the Cosmos documents with their etags).
  const stores = await ensureContainers(cosmos.client, cosmos.database.id);
  setReconcileDeps({
    ledger: new CosmosRunLedger({ container: stores.runs, clock }),
    repair: new CosmosRunRepair(stores.runs),
    workspaces: new CosmosWorkspaceLister(stores.directory),
    audit: new CosmosAuditLog(stores.audits),
    clock,
    options: { graceMinutes: 10, staleFactor: 3, cooldownMinutes: 15 },
  });

  const created = new Date(t0).toISOString();
  for (const [id, name] of [
    ["ws-a", "Alpha MSP"],
    ["ws-b", "Bravo MSP"],
  ] as const) {
    directory.workspaces.push({ id, docType: "workspace", workspaceId: id, name, createdAt: created });
  }
  const member = (workspaceId: string, userId: string, role: Role, displayName: string) =>
    directory.memberships.push({
      id: `${workspaceId}:${userId}`,
      docType: "membership",
      workspaceId,
      userId,
      role,
      displayName,
      createdAt: created,
    });
  member("ws-a", members.owner, "owner", "Olivia Owner");
  member("ws-a", members.operator, "operator", "Oscar Operator");
  member("ws-a", members.readonly, "readonly", "Rita Readonly");
  member("ws-a", appClientId, "owner", "External system");
  member("ws-b", foreignOwner, "owner", "Frank Foreign");
  for (const [ws, id, externalId] of [
    ["ws-a", "tenant-a1", "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],
    ["ws-b", "tenant-b1", "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"],
  ] as const) {
    directory.tenants.push({
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
  const startFixture = async (ws: string, tenantId: string, userId: string, seed: string) =>
    (
      await ledger.start({
        workspaceId: ws,
        tenantId,
        type: "assignments.restore",
        initiator: { userId, name: "Fixture" },
        identityInputs: { seed },
        context: { backupSetId: "bs-1", restoreRunId: "rr-1", selection: { policyIds: ["p1", "p2", "p3"] } },
      })
    ).run;
  const runningRunA = await ledger.markRunning(
    "ws-a",
    (await startFixture("ws-a", "tenant-a1", members.operator, "r")).id,
  );
  const failedRunA = await startFixture("ws-a", "tenant-a1", members.operator, "f");
  await ledger.complete("ws-a", failedRunA.id, {
    outcome: "partially_succeeded",
    summaryCounts: { total: 3, succeeded: 1, failed: 2 },
    failures: [
      {
        code: "assignments.restore.item",
        reasonCode: "group_unmapped",
        message: "Group not mapped",
        itemId: "p2",
      },
      { code: "assignments.restore.item", reasonCode: "graph_forbidden", message: "Forbidden", itemId: "p3" },
    ],
  });
  const succeededRunA = await startFixture("ws-a", "tenant-a1", members.owner, "s");
  await ledger.complete("ws-a", succeededRunA.id, { outcome: "succeeded" });
  const runB = await startFixture("ws-b", "tenant-b1", foreignOwner, "b");

  const headersFor = (caller: Caller): Record<string, string> => {
    if (typeof caller === "object") return caller.header;
    if (caller === "anonymous") return {};
    const userId = caller === "outsider" ? outsider : caller === "foreign" ? foreignOwner : members[caller];
    return { "x-ms-client-principal": clientPrincipalHeader(userId) };
  };

  return {
    deps,
    cosmos,
    issuer,
    directory,
    ledger,
    audit,
    orchestration,
    loggedErrors,
    fixtures: { runningRunA, failedRunA, succeededRunA, runB },
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
      await Promise.all([cosmos.stop(), issuer.stop()]);
    },
  };
}
