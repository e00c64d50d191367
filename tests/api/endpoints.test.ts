// Each endpoint's behaviour, in-process, on real Cosmos for notifications and idempotency; every answer
// is checked against the route's OpenAPI contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Notification } from "../../shared/domain/notification.js";
import type { OperationRun } from "../../shared/domain/operationRun.js";
import { appClientId, type ApiWorld, members, startApiWorld } from "./support/apiWorld.js";
import { expectContract } from "./support/responseContract.js";

let world: ApiWorld;
const tenantsWith = async (externalId: string) =>
  (await world.store.directory.listTenants("ws-a")).filter((t) => t.externalId === externalId).length;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.stop();
});

describe("meta", () => {
  it("GET /api/health reports each dependency", async () => {
    const res = await world.call("GET", "/api/health", { as: "anonymous" });
    expectContract("health", res);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", checks: [{ name: "cosmos", ok: true }] });
  });

  it("GET /api/openapi.json is an OpenAPI 3.1 document of every route", async () => {
    const res = await world.call("GET", "/api/openapi.json", { as: "anonymous" });
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/workspaces/{workspaceId}/runs",
        "/api/workspaces/{workspaceId}/runs/{runId}/cancel",
        "/api/workspaces/{workspaceId}/notifications/read",
      ]),
    );
    expect(Object.keys(doc.paths["/api/workspaces/{workspaceId}/tenants"]!).sort()).toEqual(["get", "post"]);
  });

  it("GET /api/me lists the caller's workspaces with role and capabilities", async () => {
    const res = await world.call("GET", "/api/me", { as: "readonly" });
    expectContract("me", res);
    expect(res.body).toEqual({
      principal: { id: members.readonly, kind: "user", source: "client-principal" },
      workspaces: [
        {
          workspaceId: "ws-a",
          name: "Alpha MSP",
          role: "readonly",
          capabilities: ["workspace.view", "runs.view", "tenants.view", "backups.view", "audit.view"],
        },
      ],
    });
    const anonymous = await world.call("GET", "/api/me", { as: "anonymous" });
    expectContract("me", anonymous);
    expect(anonymous.status).toBe(401);
  });

  it("GET /api/workspaces shows only the caller's workspaces", async () => {
    const outsider = await world.call("GET", "/api/workspaces", { as: "outsider" });
    expect(outsider.body).toEqual({ items: [] });
    const foreign = await world.call("GET", "/api/workspaces", { as: "foreign" });
    expectContract("workspaces-list", foreign);
    expect((foreign.body as { items: { workspaceId: string }[] }).items.map((w) => w.workspaceId)).toEqual([
      "ws-b",
    ]);
  });
});

describe("runs", () => {
  it("lists newest first, filtered, paged with an opaque continuation", async () => {
    const first = await world.call("GET", "/api/workspaces/ws-a/runs?limit=2");
    expectContract("runs-list", first);
    const page1 = first.body as { items: OperationRun[]; continuation: string };
    expect(page1.items.map((r) => r.id)).toEqual([
      world.fixtures.succeededRunA.id,
      world.fixtures.failedRunA.id,
    ]);
    expect(page1.continuation).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await world.call(
      "GET",
      `/api/workspaces/ws-a/runs?limit=2&continuation=${page1.continuation}`,
    );
    const page2 = second.body as { items: OperationRun[]; continuation: string | null };
    expect(page2.items.map((r) => r.id)).toContain(world.fixtures.runningRunA.id);

    const filtered = await world.call("GET", "/api/workspaces/ws-a/runs?outcome=partially_succeeded");
    expect((filtered.body as { items: OperationRun[] }).items.map((r) => r.id)).toEqual([
      world.fixtures.failedRunA.id,
    ]);

    // A token only works with the filters it was issued for.
    const refiltered = await world.call(
      "GET",
      `/api/workspaces/ws-a/runs?limit=2&status=queued&continuation=${page1.continuation}`,
    );
    expectContract("runs-list", refiltered);
    expect(refiltered.status).toBe(400);
    expect(refiltered.body).toMatchObject({ errors: [{ field: "query.continuation" }] });
  });

  it("names each bad query field and refuses unknown ones", async () => {
    const res = await world.call("GET", "/api/workspaces/ws-a/runs?limit=500&status=done&colour=blue");
    expectContract("runs-list", res);
    expect(res.status).toBe(400);
    const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(["query.colour", "query.limit", "query.status"]);
  });

  it("gets one run with links from its context; another workspace's run is 404", async () => {
    const { failedRunA, runB } = world.fixtures;
    const res = await world.call("GET", `/api/workspaces/ws-a/runs/${failedRunA.id}`, { as: "readonly" });
    expectContract("runs-get", res);
    expect((res.body as { links: unknown }).links).toEqual({
      self: `/api/workspaces/ws-a/runs/${failedRunA.id}`,
      tenant: "/api/workspaces/ws-a/tenants/tenant-a1",
      backupSet: "/api/workspaces/ws-a/backup-sets/bs-1",
      restoreRun: `/api/workspaces/ws-a/restores/${failedRunA.context.restoreRunId!}`,
      children: [],
    });
    const foreign = await world.call("GET", `/api/workspaces/ws-a/runs/${runB.id}`);
    expectContract("runs-get", foreign);
    expect(foreign.status).toBe(404);
  });

  it("pages every failure of a run from its failure log, by reason code, with counts over all of them", async () => {
    // 260 item failures recorded by "activities" (more than the run document keeps), then completion.
    const { run } = await world.store.runLedger.start({
      workspaceId: "ws-a",
      tenantId: "tenant-a1",
      type: "restore.execute",
      initiator: { userId: members.operator, name: "Fixture" },
      identityInputs: { restoreRunId: "rr-failure-log" },
      context: { restoreRunId: "rr-failure-log" },
    });
    await world.store.runLedger.markRunning("ws-a", run.id);
    const reasons = ["graph_forbidden", "group_unmapped", "graph_not_found"] as const;
    const logged = Array.from({ length: 260 }, (_, i) => ({
      code: "assignments.restore.item",
      reasonCode: reasons[i % 3]!,
      message: `Item ${String(i)} failed`,
      itemId: `item-${String(i).padStart(4, "0")}`,
    }));
    await world.store.failureLog.record("ws-a", run.id, logged.slice(0, 150));
    await world.store.failureLog.record("ws-a", run.id, logged.slice(100)); // a retried batch overlaps
    const done = await world.store.runLedger.complete("ws-a", run.id, {
      outcome: "partially_succeeded",
      summaryCounts: { total: 300, succeeded: 40, failed: 260 },
      failures: logged.slice(0, 200),
    });
    expect(done.failureSummary).toHaveLength(100);
    expect(done.failureCounts).toEqual({ graph_forbidden: 87, group_unmapped: 87, graph_not_found: 86 });

    const base = `/api/workspaces/ws-a/runs/${run.id}/failures`;
    const seen: string[] = [];
    let continuation: string | null = null;
    do {
      const res = await world.call(
        "GET",
        `${base}?limit=100${continuation === null ? "" : `&continuation=${continuation}`}`,
        { as: "readonly" },
      );
      expectContract("runs-failures", res);
      expect(res.status).toBe(200);
      const body = res.body as {
        items: { reasonCode: string; itemId: string }[];
        continuation: string | null;
      };
      seen.push(...body.items.map((f) => `${f.reasonCode}/${f.itemId}`));
      continuation = body.continuation;
    } while (continuation !== null);
    expect(seen).toHaveLength(260);
    expect(new Set(seen).size).toBe(260);
    expect(seen).toEqual([...seen].sort()); // grouped by reason code, then item

    const forbidden = await world.call("GET", `${base}?reasonCode=graph_forbidden&limit=200`);
    const items = (forbidden.body as { items: { reasonCode: string }[] }).items;
    expect(items).toHaveLength(87);
    expect(new Set(items.map((f) => f.reasonCode))).toEqual(new Set(["graph_forbidden"]));

    const searched = await world.call("GET", `${base}?search=ITEM-0042`);
    expect((searched.body as { items: { itemId: string }[] }).items.map((f) => f.itemId)).toEqual([
      "item-0042",
    ]);

    const bad = await world.call("GET", `${base}?reasonCode=nope&limit=0`);
    expectContract("runs-failures", bad);
    expect(bad.status).toBe(400);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(["query.limit", "query.reasonCode"]);

    const foreign = await world.call("GET", `/api/workspaces/ws-a/runs/${world.fixtures.runB.id}/failures`);
    expect(foreign.status).toBe(404);
  });

  it("cancels a running run once: terminate, outcome cancelled, one audit entry; then 409", async () => {
    const { runningRunA } = world.fixtures;
    const path = `/api/workspaces/ws-a/runs/${runningRunA.id}/cancel`;
    const res = await world.call("POST", path, { as: "operator" });
    expectContract("runs-cancel", res);
    expect(res.status).toBe(200);
    expect((res.body as { run: OperationRun }).run).toMatchObject({
      status: "completed",
      outcome: "cancelled",
    });
    expect(world.orchestration.terminated.map((t) => t.instanceId)).toEqual([runningRunA.id]);
    const again = await world.call("POST", path, { as: "operator" });
    expectContract("runs-cancel", again);
    expect(again.status).toBe(409);
    const audits = (await world.auditEntries("ws-a", "ops.run.cancelled")).filter(
      (e) => e.runId === runningRunA.id,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor).toEqual({ userId: members.operator, name: "Oscar Operator", kind: "user" });
  });

  it("retries the failed items as a linked child run, deduped and audited once", async () => {
    const { failedRunA, succeededRunA } = world.fixtures;
    const path = `/api/workspaces/ws-a/runs/${failedRunA.id}/retry`;
    const res = await world.call("POST", path, { as: "operator" });
    expectContract("runs-retry", res);
    expect(res.status).toBe(202);
    const started = res.body as { run: OperationRun; deduped: boolean; statusUrl: string };
    expect(started.deduped).toBe(false);
    expect(res.headers["location"]).toBe(started.statusUrl);
    expect(started.run).toMatchObject({
      type: "restore.execute",
      status: "queued",
      userId: members.operator,
    });
    expect(started.run.context).toMatchObject({
      parentRunId: failedRunA.id,
      backupSetId: "bs-1",
      selection: { policyIds: ["p1", "p2", "p3"], itemIds: ["p2", "p3"] },
    });
    expect(world.orchestration.started.at(-1)).toEqual({
      name: "restoreExecuteOrchestrator",
      instanceId: started.run.id,
      // The orchestrator reads the restore run and the initiator from the new run's context.
      input: { workspaceId: "ws-a", runId: started.run.id, batchSize: 20, concurrency: 6 },
    });
    const child = await world.call("GET", started.statusUrl);
    expect((child.body as { links: { parent: string } }).links.parent).toBe(
      `/api/workspaces/ws-a/runs/${failedRunA.id}`,
    );
    // Parent → child: the ledger records the retry on the parent's context.
    const parent = await world.call("GET", `/api/workspaces/ws-a/runs/${failedRunA.id}`);
    expect((parent.body as { links: { children: string[] } }).links.children).toEqual([started.statusUrl]);

    const again = await world.call("POST", path, { as: "operator" });
    expect(again.body).toMatchObject({ deduped: true, run: { id: started.run.id } });
    expect(await world.auditEntries("ws-a", "ops.run.retried")).toHaveLength(1);

    const notRetryable = await world.call("POST", `/api/workspaces/ws-a/runs/${succeededRunA.id}/retry`, {
      as: "operator",
    });
    expectContract("runs-retry", notRetryable);
    expect(notRetryable.status).toBe(409);
  });
});

describe("tenants", () => {
  const body = {
    externalId: "0d3f7a9e-2b1c-4e5f-9a8b-7c6d5e4f3a2b",
    displayName: "Northwind",
    credentialRef: "keyvault:northwind-graph",
  };

  it("onboards a tenant (owner), audits it, and answers 409 for the same Entra tenant", async () => {
    const res = await world.call("POST", "/api/workspaces/ws-a/tenants", { body });
    expectContract("tenants-create", res);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, workspaceId: "ws-a" });
    expect(await world.auditEntries("ws-a", "directory.tenant.onboarded")).toHaveLength(1);
    const list = await world.call("GET", "/api/workspaces/ws-a/tenants", { as: "readonly" });
    expectContract("tenants-list", list);
    expect((list.body as { items: { displayName: string }[] }).items.map((t) => t.displayName)).toContain(
      "Northwind",
    );
    const duplicate = await world.call("POST", "/api/workspaces/ws-a/tenants", { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ errors: [{ field: "body.externalId" }] });
  });

  it("refuses a secret in place of a credential reference, bad UUIDs and unknown fields, writing nothing", async () => {
    const before = world.writes.count;
    const res = await world.call("POST", "/api/workspaces/ws-a/tenants", {
      body: { ...body, externalId: "not-a-uuid", credentialRef: "Abc8Q~s3cr3t.value", clientSecret: "x" },
    });
    expectContract("tenants-create", res);
    expect(res.status).toBe(400);
    const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(["body.clientSecret", "body.credentialRef", "body.externalId"]);
    expect(JSON.stringify(res.body)).not.toContain("s3cr3t");
    expect(world.writes.count).toBe(before);
  });

  it("answers malformed JSON 400, wrong media type 415 and oversize bodies 413", async () => {
    const path = "/api/workspaces/ws-a/tenants";
    const malformed = await world.call("POST", path, {
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect([malformed.status, (malformed.body as { type: string }).type]).toEqual([
      400,
      "/problems/malformed-json",
    ]);
    const text = await world.call("POST", path, {
      rawBody: JSON.stringify(body),
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const huge = await world.call("POST", path, { body: { ...body, displayName: "x".repeat(70_000) } });
    expectContract("tenants-create", huge);
    expect(huge.status).toBe(413);
  });
});

describe("idempotency", () => {
  const body = {
    externalId: "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
    displayName: "Adventure Works",
    credentialRef: "keyvault:adventure-works",
  };
  const path = "/api/workspaces/ws-a/tenants";

  it("replays the first answer for the same key, and answers 422 for other parameters", async () => {
    const headers = { "idempotency-key": "onboard-aw-1" };
    const first = await world.call("POST", path, { body, headers });
    expect(first.status).toBe(201);
    const replay = await world.call("POST", path, {
      body: { credentialRef: body.credentialRef, displayName: body.displayName, externalId: body.externalId },
      headers,
    });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers["idempotency-replayed"]).toBe("true");
    expect(await tenantsWith(body.externalId)).toBe(1);
    const mismatch = await world.call("POST", path, { body: { ...body, displayName: "Other" }, headers });
    expectContract("tenants-create", mismatch);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({ errors: [{ field: "header.idempotency-key" }] });
  });

  it("lets exactly one of concurrent requests with one key do the work", async () => {
    const runBody = {
      ...body,
      externalId: "2f3e4d5c-6b7a-4890-8a1b-2c3d4e5f6a7b",
      displayName: "Concurrent",
    };
    const headers = { "idempotency-key": "onboard-concurrent" };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => world.call("POST", path, { body: runBody, headers })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await tenantsWith(runBody.externalId)).toBe(1);
    const audits = await world.auditEntries("ws-a", "directory.tenant.onboarded");
    expect(audits.filter((e) => e.details["externalId"] === runBody.externalId)).toHaveLength(1);
    const later = await world.call("POST", path, { body: runBody, headers });
    expect([later.status, later.headers["idempotency-replayed"]]).toEqual([201, "true"]);
  });

  it("keys belong to their caller: another caller's same key is not a replay", async () => {
    const token = await world.issuer.sign({ azp: appClientId, idtyp: "app", roles: ["Workspace.Manage"] });
    const res = await world.call("POST", path, {
      body,
      headers: { "idempotency-key": "onboard-aw-1" },
      as: { header: { authorization: `Bearer ${token}` } },
    });
    expect(res.status).toBe(409);
    expect(res.headers["idempotency-replayed"]).toBeUndefined();
    expect(res.body).toMatchObject({ type: "/problems/tenant-exists" });
  });
});

describe("notifications", () => {
  it("lists the caller's own notifications (queued on retry) and marks them read", async () => {
    const list = await world.call("GET", "/api/workspaces/ws-a/notifications", { as: "operator" });
    expectContract("notifications-list", list);
    const items = (list.body as { items: Notification[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((n) => n.recipientUserId === members.operator)).toBe(true);
    const queued = items.find((n) => n.event === "queued")!;
    expect(queued).toMatchObject({ statusBucket: "queued", runType: "restore.execute", readAt: null });
    const cancelled = items.find((n) => n.event === "completed")!;
    expect(cancelled).toMatchObject({ statusBucket: "failed", runId: world.fixtures.runningRunA.id });
    expect(cancelled.errorSummary).toContain("cancelled");

    const owners = await world.call("GET", "/api/workspaces/ws-a/notifications", { as: "owner" });
    expect(
      (owners.body as { items: Notification[] }).items.some((n) => n.recipientUserId !== members.owner),
    ).toBe(false);

    const foreignIdMark = await world.call("POST", "/api/workspaces/ws-a/notifications/read", {
      as: "owner",
      body: { ids: [queued.id] },
    });
    expect(foreignIdMark.body).toEqual({ marked: 0 });
    const mark = await world.call("POST", "/api/workspaces/ws-a/notifications/read", {
      as: "operator",
      body: { ids: [queued.id, "unknown-id"] },
    });
    expectContract("notifications-read", mark);
    expect(mark.body).toEqual({ marked: 1 });
    const unread = await world.call("GET", "/api/workspaces/ws-a/notifications?unread=true", {
      as: "operator",
    });
    expect((unread.body as { items: Notification[] }).items.map((n) => n.id)).not.toContain(queued.id);
  });
});

describe("external systems", () => {
  it("an app with Runs.Operate acts as operator in its workspace, and is recorded as an app", async () => {
    const token = await world.issuer.sign({ azp: appClientId, idtyp: "app", roles: ["Runs.Operate"] });
    const as = { header: { authorization: `Bearer ${token}` } };
    const runs = await world.call("GET", "/api/workspaces/ws-a/runs", { as });
    expect(runs.status).toBe(200);
    const onboard = await world.call("POST", "/api/workspaces/ws-a/tenants", {
      as,
      body: {
        externalId: "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d",
        displayName: "By app",
        credentialRef: "keyvault:x",
      },
    });
    expect(onboard.status).toBe(403);
    const foreign = await world.call("GET", "/api/workspaces/ws-b/runs", { as });
    expect(foreign.status).toBe(404);
    const expired = await world.issuer.sign(
      { azp: appClientId, idtyp: "app", roles: ["Runs.Operate"] },
      { expiresIn: Math.floor(Date.now() / 1000) - 600 },
    );
    const denied = await world.call("GET", "/api/workspaces/ws-a/runs", {
      as: { header: { authorization: `Bearer ${expired}` } },
    });
    expectContract("runs-list", denied);
    expect([denied.status, denied.headers["www-authenticate"]]).toEqual([
      401,
      'Bearer error="invalid_token"',
    ]);
  });
});
