// STAND-IN for the real HTTP API (issue 11) until it lands: an in-memory implementation of the contract
// the dashboard consumes, so browser tests can run now. It trusts `x-ms-client-principal` only because it
// is reachable solely behind the SWA front door in these tests. Replace with `npm start` once merged.
import type { IncomingMessage, ServerResponse } from "node:http";

import type { AuditEntry } from "../../../shared/domain/auditEntry.js";
import type { Role } from "../../../shared/domain/directory.js";
import type { OperationRun, RunOutcome } from "../../../shared/domain/operationRun.js";
import { operationTypes } from "../../../shared/domain/operationTypes.js";
import { draftRestoreRun, restoreRequestSchema } from "../../../shared/restore/restoreRequest.js";
import { decodeClientPrincipal } from "../../../local/swa/clientPrincipal.js";
import {
  backupItems,
  createFixtureData,
  identityHash,
  makeRun,
  setCounts,
  type FixtureBackupSet,
  type FixtureData,
  type FixtureNotification,
  type FixtureRestoreRun,
} from "./fixtureData.js";
import { previewItem } from "./fixturePreview.js";

/** The API validates the restore body strictly (shared/api recoverySchemas `restoreCreateBody`). */
const restoreCreateBody = restoreRequestSchema.strict();

export const capabilitiesByRole: Record<Role, string[]> = {
  readonly: ["runs.view", "tenants.view", "backups.view", "audit.view"],
  operator: [
    "runs.view",
    "tenants.view",
    "backups.view",
    "audit.view",
    "backups.start",
    "restores.create",
    "restores.execute",
    "runs.cancel",
    "runs.retry",
  ],
  owner: [
    "runs.view",
    "tenants.view",
    "backups.view",
    "audit.view",
    "backups.start",
    "restores.create",
    "restores.execute",
    "runs.cancel",
    "runs.retry",
    "tenants.onboard",
    "members.manage",
    "reconcile.run",
  ],
};

export interface FixtureApiOptions {
  /** How long a started run stays queued, then running, in ms (tests keep these short). */
  queuedMs?: number;
  runningMs?: number;
}

export interface FixtureApi {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  data: FixtureData;
  /** Stops pending timers. */
  close(): void;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

function sendProblem(res: ServerResponse, p: HttpProblem): void {
  res.statusCode = p.status;
  res.setHeader("Content-Type", "application/problem+json");
  res.end(
    JSON.stringify({
      type: `https://intune-ops-ledger.local/problems/${p.title.toLowerCase().replace(/\s+/g, "-")}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      errors: p.errors,
    }),
  );
}

const notFound = (what: string): HttpProblem => new HttpProblem(404, "Not found", `${what} was not found.`);

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  if (chunks.length === 0) return {};
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (typeof body === "object" && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpProblem(400, "Bad request", "The body is not a JSON object.", [
    { field: "body", message: "invalid JSON" },
  ]);
}

function page<T>(items: T[], query: URLSearchParams): { items: T[]; continuation: string | null } {
  const limitRaw = query.get("limit");
  const limit = limitRaw === null ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw new HttpProblem(400, "Bad request", "limit must be 1..200.", [
      { field: "limit", message: "1..200" },
    ]);
  const token = query.get("continuation");
  let offset = 0;
  if (token !== null) {
    offset = Number(Buffer.from(token, "base64url").toString("utf8"));
    if (!Number.isInteger(offset) || offset < 0)
      throw new HttpProblem(400, "Bad request", "Bad continuation token.", [
        { field: "continuation", message: "invalid" },
      ]);
  }
  const slice = items.slice(offset, offset + limit);
  const next =
    offset + limit < items.length ? Buffer.from(String(offset + limit)).toString("base64url") : null;
  return { items: slice, continuation: next };
}

function statusBucket(run: OperationRun): FixtureNotification["statusBucket"] {
  if (run.status === "queued") return "queued";
  if (run.status === "running") return "running";
  if (run.outcome === "succeeded") return "succeeded";
  if (run.outcome === "partially_succeeded") return "partial";
  return "failed";
}

function runtimeStatus(run: OperationRun): string {
  if (run.status === "queued") return "Pending";
  if (run.status === "running") return "Running";
  if (run.outcome === "cancelled") return "Terminated";
  if (run.outcome === "failed") return "Failed";
  return "Completed";
}

export function createFixtureApi(options: FixtureApiOptions = {}): FixtureApi {
  const queuedMs = options.queuedMs ?? 800;
  const runningMs = options.runningMs ?? 2_500;
  const data = createFixtureData(Date.now());
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const nowIso = (): string => new Date().toISOString();
  const nextId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;

  function notify(run: OperationRun): void {
    if (run.userId === null) return;
    data.notifications.unshift({
      id: nextId("ntf"),
      workspaceId: run.workspaceId,
      recipientUserId: run.userId,
      runId: run.id,
      tenantId: run.tenantId,
      runType: run.type,
      event: run.status === "completed" ? "completed" : "queued",
      link: `/api/workspaces/${run.workspaceId}/runs/${run.id}`,
      statusBucket: statusBucket(run),
      summaryCounts: { ...run.summaryCounts },
      errorSummary: run.failureSummary[0]?.message ?? null,
      createdAt: nowIso(),
      readAt: null,
    });
  }

  function audit(run: OperationRun, action: string, actor: { userId: string; name: string }): void {
    const entry: AuditEntry = {
      id: nextId("audit"),
      docType: "audit",
      workspaceId: run.workspaceId,
      tenantId: run.tenantId,
      actor: { userId: actor.userId, name: actor.name, kind: "user" },
      action,
      target: { type: "run", id: run.id },
      outcome: "info",
      runId: run.id,
      details: { type: run.type },
      timestamp: nowIso(),
    };
    data.audit.unshift(entry);
  }

  /** Drives a started run queued → running → completed on timers, like an orchestration would. */
  function progress(run: OperationRun, total: number, finalOutcome: RunOutcome, onDone?: () => void): void {
    later(queuedMs, () => {
      if (run.status !== "queued") return;
      Object.assign(run, {
        status: "running",
        startedAt: nowIso(),
        updatedAt: nowIso(),
        summaryCounts: { total, processed: 0, succeeded: 0, failed: 0 },
      });
      later(runningMs / 2, () => {
        if (run.status !== "running") return;
        const half = Math.floor(total / 2);
        run.summaryCounts = { total, processed: half, succeeded: half, failed: 0 };
        run.updatedAt = nowIso();
      });
      later(runningMs, () => {
        if (run.status !== "running") return;
        const failed = finalOutcome === "succeeded" ? 0 : Math.max(1, Math.floor(total / 8));
        Object.assign(run, {
          status: "completed",
          outcome: finalOutcome,
          completedAt: nowIso(),
          updatedAt: nowIso(),
          summaryCounts: { total, processed: total, succeeded: total - failed, failed },
        });
        onDone?.();
        notify(run);
      });
    });
  }

  function addRun(run: OperationRun): OperationRun {
    data.runs.unshift(run);
    notify(run);
    return run;
  }

  type Ctx = {
    req: IncomingMessage;
    res: ServerResponse;
    query: URLSearchParams;
    user: { userId: string; name: string };
    ws: string;
    role: Role;
  };
  const require = (ctx: Ctx, capability: string): void => {
    if (!capabilitiesByRole[ctx.role].includes(capability))
      throw new HttpProblem(403, "Forbidden", `Your role (${ctx.role}) lacks the capability ${capability}.`);
  };
  const runIn = (ctx: Ctx, runId: string): OperationRun => {
    const run = data.runs.find((r) => r.id === runId && r.workspaceId === ctx.ws);
    if (!run) throw notFound("The run");
    return run;
  };
  const tenantIn = (ctx: Ctx, tenantId: string) => {
    const t = data.tenants.find((x) => x.id === tenantId && x.workspaceId === ctx.ws);
    if (!t) throw notFound("The tenant");
    return t;
  };

  const setIn = (ctx: Ctx, id: string): FixtureBackupSet => {
    const set = data.backupSets.find((b) => b.id === id && b.workspaceId === ctx.ws);
    if (!set) throw notFound("The backup set");
    return set;
  };
  const restoreIn = (ctx: Ctx, id: string): FixtureRestoreRun => {
    const rr = data.restoreRuns.find((r) => r.id === id && r.workspaceId === ctx.ws);
    if (!rr) throw notFound("The restore");
    return rr;
  };
  const runUrl = (run: OperationRun): string => `/api/workspaces/${run.workspaceId}/runs/${run.id}`;

  const routes: [string, RegExp, (ctx: Ctx, m: string[]) => Promise<void> | void][] = [
    [
      "GET",
      /^\/tenants$/,
      (ctx) => {
        require(ctx, "tenants.view");
        const items = data.tenants
          .filter((t) => t.workspaceId === ctx.ws)
          .map((t) => ({
            id: t.id,
            workspaceId: t.workspaceId,
            externalId: t.externalId,
            displayName: t.displayName,
            credentialRef: `kv-${t.id}`,
            backupSchedule: null,
            createdAt: "2026-01-01T00:00:00.000Z",
          }))
          .sort((a, b) => a.displayName.localeCompare(b.displayName));
        send(ctx.res, 200, { items });
      },
    ],
    [
      "GET",
      /^\/runs$/,
      (ctx) => {
        require(ctx, "runs.view");
        const q = ctx.query;
        const type = q.get("type");
        if (type !== null && !(operationTypes as readonly string[]).includes(type))
          throw new HttpProblem(400, "Bad request", "Unknown operation type.", [
            { field: "type", message: "unknown" },
          ]);
        const since = q.get("since");
        const until = q.get("until");
        const items = data.runs.filter(
          (r) =>
            r.workspaceId === ctx.ws &&
            (q.get("tenantId") === null || r.tenantId === q.get("tenantId")) &&
            (type === null || r.type === type) &&
            (q.get("status") === null || r.status === q.get("status")) &&
            (q.get("outcome") === null || r.outcome === q.get("outcome")) &&
            (q.get("initiator") === null || r.userId === q.get("initiator")) &&
            (since === null || r.createdAt >= since) &&
            (until === null || r.createdAt <= until),
        );
        send(ctx.res, 200, page(items, q));
      },
    ],
    [
      "GET",
      /^\/runs\/([^/]+)$/,
      (ctx, m) => {
        require(ctx, "runs.view");
        const run = runIn(ctx, m[1] ?? "");
        // Same shape as the real API's RunDetail (shared/api/runLinks.ts), plus the orchestration status.
        const ws = `/api/workspaces/${ctx.ws}`;
        const c = run.context;
        send(ctx.res, 200, {
          run,
          links: {
            self: `${ws}/runs/${run.id}`,
            ...(run.tenantId ? { tenant: `${ws}/tenants/${run.tenantId}` } : {}),
            ...(c.backupSetId ? { backupSet: `${ws}/backups/${c.backupSetId}` } : {}),
            ...(c.restoreRunId ? { restoreRun: `${ws}/restores/${c.restoreRunId}` } : {}),
            ...(c.backupScheduleId ? { schedule: `${ws}/schedules/${c.backupScheduleId}` } : {}),
            ...(c.parentRunId ? { parent: `${ws}/runs/${c.parentRunId}` } : {}),
            children: (c.childRunIds ?? []).map((id) => `${ws}/runs/${id}`),
          },
          orchestration: { runtimeStatus: runtimeStatus(run) },
        });
      },
    ],
    [
      "POST",
      /^\/runs\/([^/]+)\/cancel$/,
      (ctx, m) => {
        const run = runIn(ctx, m[1] ?? "");
        require(ctx, "runs.cancel");
        if (run.status === "completed")
          throw new HttpProblem(409, "Conflict", "The run has already completed.", [
            { field: "runId", message: "completed" },
          ]);
        Object.assign(run, {
          status: "completed",
          outcome: "cancelled",
          completedAt: nowIso(),
          updatedAt: nowIso(),
        });
        run.failureSummary = [
          { code: "run.cancel", reasonCode: "cancelled", message: `Cancelled by ${ctx.user.name}` },
        ];
        audit(run, "ops.run.cancelled", ctx.user);
        notify(run);
        send(ctx.res, 202, { run, deduped: false });
      },
    ],
    [
      "POST",
      /^\/runs\/([^/]+)\/retry$/,
      (ctx, m) => {
        const parent = runIn(ctx, m[1] ?? "");
        require(ctx, "runs.retry");
        const failedItems = parent.failureSummary
          .filter((f) => f.itemId !== undefined)
          .map((f) => f.itemId ?? "");
        if (parent.status !== "completed" || failedItems.length === 0)
          throw new HttpProblem(409, "Conflict", "Only a completed run with failed items can be retried.", [
            { field: "runId", message: "nothing to retry" },
          ]);
        const existing = data.runs.find(
          (r) => r.context.parentRunId === parent.id && r.status !== "completed",
        );
        if (existing) {
          send(ctx.res, 202, { run: existing, deduped: true });
          return;
        }
        const run = addRun(
          makeRun({
            id: nextId("run"),
            workspaceId: ctx.ws,
            tenantId: parent.tenantId,
            userId: ctx.user.userId,
            initiatorName: ctx.user.name,
            type: parent.type,
            runIdentityHash: identityHash(parent.id, "retry"),
            context: { parentRunId: parent.id, selection: { itemIds: failedItems.length } },
            createdAt: nowIso(),
          }),
        );
        parent.context.childRunIds = [...(parent.context.childRunIds ?? []), run.id];
        audit(run, "ops.run.retried", ctx.user);
        progress(run, failedItems.length, "succeeded");
        send(ctx.res, 202, { run, deduped: false });
      },
    ],
    [
      "POST",
      /^\/tenants\/([^/]+)\/backups$/,
      (ctx, m) => {
        const tenant = tenantIn(ctx, m[1] ?? "");
        require(ctx, "backups.start");
        const active = data.runs.find(
          (r) =>
            r.workspaceId === ctx.ws &&
            r.tenantId === tenant.id &&
            r.type === "backup_set.create" &&
            r.status !== "completed",
        );
        if (active) {
          send(ctx.res, 202, {
            run: active,
            backupSetId: active.context.backupSetId,
            deduped: true,
            reason: "active",
            statusUrl: `/api/workspaces/${ctx.ws}/runs/${active.id}`,
          });
          return;
        }
        const setId = nextId("bs");
        const run = addRun(
          makeRun({
            id: nextId("run"),
            workspaceId: ctx.ws,
            tenantId: tenant.id,
            userId: ctx.user.userId,
            initiatorName: ctx.user.name,
            type: "backup_set.create",
            runIdentityHash: identityHash(ctx.ws, tenant.id, "backup_set.create"),
            context: { backupSetId: setId },
            createdAt: nowIso(),
          }),
        );
        const set: FixtureBackupSet = {
          id: setId,
          docType: "backupSet",
          workspaceId: ctx.ws,
          tenantId: tenant.id,
          runId: run.id,
          assignmentsRunId: null,
          selection: {},
          status: "running",
          summaryCounts: setCounts(0),
          createdAt: run.createdAt,
          completedAt: null,
        };
        data.backupSets.unshift(set);
        audit(run, "backup.set.started", ctx.user);
        progress(run, 24, "succeeded", () => {
          Object.assign(set, { status: "completed", summaryCounts: setCounts(24), completedAt: nowIso() });
          data.backupItems.push(...backupItems(setId, 24, tenant.id, ctx.ws, nowIso()));
        });
        send(ctx.res, 202, {
          run,
          backupSetId: setId,
          deduped: false,
          statusUrl: `/api/workspaces/${ctx.ws}/runs/${run.id}`,
        });
      },
    ],
    [
      "GET",
      /^\/tenants\/([^/]+)\/backup-sets$/,
      (ctx, m) => {
        const tenant = tenantIn(ctx, m[1] ?? "");
        require(ctx, "backups.view");
        const limit = Number(ctx.query.get("limit") ?? "50");
        const items = data.backupSets
          .filter((b) => b.tenantId === tenant.id)
          .sort((x, y) => y.createdAt.localeCompare(x.createdAt))
          .slice(0, limit)
          .map(({ docType: _docType, ...view }) => view);
        send(ctx.res, 200, { items });
      },
    ],
    [
      "GET",
      /^\/backup-sets\/([^/]+)$/,
      (ctx, m) => {
        require(ctx, "backups.view");
        const { docType: _docType, ...view } = setIn(ctx, m[1] ?? "");
        send(ctx.res, 200, view);
      },
    ],
    [
      "GET",
      /^\/backup-sets\/([^/]+)\/items$/,
      (ctx, m) => {
        require(ctx, "backups.view");
        const set = setIn(ctx, m[1] ?? "");
        const items = data.backupItems
          .filter((i) => i.backupSetId === set.id)
          .map(({ docType: _docType, payload: _payload, ...view }) => view);
        send(ctx.res, 200, page(items, ctx.query));
      },
    ],
    [
      "POST",
      /^\/restores$/,
      async (ctx) => {
        require(ctx, "restores.create");
        const parsed = restoreCreateBody.safeParse(await readJson(ctx.req));
        if (!parsed.success)
          throw new HttpProblem(
            400,
            "Bad request",
            "The request body is invalid.",
            parsed.error.issues.map((i) => ({ field: ["body", ...i.path].join("."), message: i.message })),
          );
        const body = parsed.data;
        const set = setIn(ctx, body.backupSetId);
        const target = tenantIn(ctx, body.targetTenantId);
        const restoreRun = draftRestoreRun({
          id: nextId("rr"),
          workspaceId: ctx.ws,
          sourceTenantId: set.tenantId,
          request: { ...body, targetTenantId: target.id },
          createdBy: { userId: ctx.user.userId, name: ctx.user.name },
          now: nowIso(),
        });
        data.restoreRuns.unshift(restoreRun);
        const { docType: _docType, ...view } = restoreRun;
        send(ctx.res, 201, view);
      },
    ],
    [
      "GET",
      /^\/restores\/([^/]+)$/,
      (ctx, m) => {
        require(ctx, "backups.view");
        const { docType: _docType, ...view } = restoreIn(ctx, m[1] ?? "");
        send(ctx.res, 200, view);
      },
    ],
    [
      "GET",
      /^\/restores\/([^/]+)\/preview$/,
      (ctx, m) => {
        require(ctx, "backups.view");
        const rr = restoreIn(ctx, m[1] ?? "");
        const items = data.backupItems
          .filter(
            (i) =>
              i.backupSetId === rr.backupSetId &&
              (rr.selectedItemIds === null || rr.selectedItemIds.includes(i.id)),
          )
          .map((i, n) => previewItem(rr, i, n));
        send(ctx.res, 200, { restoreRunId: rr.id, items });
      },
    ],
    [
      "POST",
      /^\/restores\/([^/]+)\/execute$/,
      (ctx, m) => {
        const rr = restoreIn(ctx, m[1] ?? "");
        require(ctx, "restores.execute");
        const existing = data.runs.find((r) => r.id === rr.executeRunId && r.status !== "completed");
        if (existing) {
          send(ctx.res, 202, { run: existing, deduped: true, reason: "active", statusUrl: runUrl(existing) });
          return;
        }
        const run = addRun(
          makeRun({
            id: nextId("run"),
            workspaceId: ctx.ws,
            tenantId: rr.targetTenantId,
            userId: ctx.user.userId,
            initiatorName: ctx.user.name,
            type: "restore.execute",
            context: { restoreRunId: rr.id, backupSetId: rr.backupSetId, targetTenantId: rr.targetTenantId },
            createdAt: nowIso(),
          }),
        );
        Object.assign(rr, { executeRunId: run.id, status: "running", updatedAt: nowIso() });
        audit(run, "restore.assignments.started", ctx.user);
        const count =
          rr.selectedItemIds?.length ??
          data.backupItems.filter((i) => i.backupSetId === rr.backupSetId).length;
        progress(run, count, "succeeded", () => {
          Object.assign(rr, {
            status: "completed",
            outcome: "succeeded",
            completedAt: nowIso(),
            updatedAt: nowIso(),
          });
        });
        send(ctx.res, 202, { run, deduped: false, statusUrl: runUrl(run) });
      },
    ],
    [
      "GET",
      /^\/audit$/,
      (ctx) => {
        require(ctx, "audit.view");
        const q = ctx.query;
        const action = q.get("action");
        const items = data.audit.filter(
          (a) =>
            a.workspaceId === ctx.ws &&
            (q.get("tenantId") === null || a.tenantId === q.get("tenantId")) &&
            (action === null || a.action.includes(action)) &&
            (q.get("actorUserId") === null || a.actor.userId === q.get("actorUserId")) &&
            (q.get("since") === null || a.timestamp >= (q.get("since") ?? "")) &&
            (q.get("until") === null || a.timestamp <= (q.get("until") ?? "")),
        );
        send(ctx.res, 200, page(items, q));
      },
    ],
    [
      "GET",
      /^\/notifications$/,
      (ctx) => {
        const mine = data.notifications.filter(
          (n) => n.workspaceId === ctx.ws && n.recipientUserId === ctx.user.userId,
        );
        send(ctx.res, 200, page(mine, ctx.query));
      },
    ],
    [
      "POST",
      /^\/notifications\/read$/,
      async (ctx) => {
        const body = await readJson(ctx.req);
        const ids = Array.isArray(body.ids) ? body.ids.filter((x): x is string => typeof x === "string") : [];
        if (ids.length === 0)
          throw new HttpProblem(400, "Bad request", "ids is required.", [
            { field: "ids", message: "1..100 ids" },
          ]);
        let marked = 0;
        for (const n of data.notifications) {
          if (
            ids.includes(n.id) &&
            n.recipientUserId === ctx.user.userId &&
            n.workspaceId === ctx.ws &&
            n.readAt === null
          ) {
            n.readAt = nowIso();
            marked += 1;
          }
        }
        send(ctx.res, 200, { marked });
      },
    ],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fixture.local");
    try {
      const header = req.headers["x-ms-client-principal"];
      const principal = decodeClientPrincipal(Array.isArray(header) ? header[0] : header);
      if (url.pathname === "/api/health") {
        send(res, 200, { status: "ok", standIn: true });
        return;
      }
      if (!principal) throw new HttpProblem(401, "Unauthorized", "Sign in first.");
      const memberships = data.members.filter((m) => m.userId === principal.userId);
      const name = memberships[0]?.displayName ?? principal.userDetails;
      if (url.pathname === "/api/me" && req.method === "GET") {
        send(res, 200, {
          principal: { id: principal.userId, kind: "user", source: "client-principal" },
          workspaces: memberships.map((m) => ({
            workspaceId: m.workspaceId,
            name: data.workspaces.find((w) => w.id === m.workspaceId)?.name ?? m.workspaceId,
            role: m.role,
            capabilities: capabilitiesByRole[m.role],
          })),
        });
        return;
      }
      const wsMatch = /^\/api\/workspaces\/([^/]+)(\/.*)$/.exec(url.pathname);
      const membership = memberships.find((m) => m.workspaceId === wsMatch?.[1]);
      if (!wsMatch || !membership) throw notFound("The resource");
      const rest = wsMatch[2] ?? "";
      for (const [method, pattern, fn] of routes) {
        const m = pattern.exec(rest);
        if (m && method === req.method) {
          await fn(
            {
              req,
              res,
              query: url.searchParams,
              user: { userId: principal.userId, name },
              ws: membership.workspaceId,
              role: membership.role,
            },
            [...m],
          );
          return;
        }
      }
      throw notFound("The resource");
    } catch (error) {
      if (error instanceof HttpProblem) sendProblem(res, error);
      else sendProblem(res, new HttpProblem(500, "Internal error", "The stand-in API failed."));
    }
  }

  return {
    handle,
    data,
    close: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
