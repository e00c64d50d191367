// Conformance of the local Functions host, observed from outside over HTTP: HTTP triggers, timers, and the
// Durable features through the fixture app's durable client and the management API.
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzurite, type TestAzurite } from "../support/azurite.js";
import { ensureBuilt, startTestHost, type TestHost } from "../support/host.js";
import { DurableApi } from "./durableClient.js";

let azurite: TestAzurite | undefined;
let host: TestHost | undefined;
let api: DurableApi;

beforeAll(async () => {
  ensureBuilt();
  azurite = await startTestAzurite();
  host = await startTestHost({
    env: {
      AzureWebJobsStorage: azurite.connectionString,
      FIXTURE_HUB: `Conf${randomUUID().slice(0, 8)}`,
      TICK_SCHEDULE: "*/1 * * * * *",
    },
  });
  api = new DurableApi(host.url);
}, 180_000);

afterAll(async () => {
  await host?.stop();
  await azurite?.stop();
});

describe("HTTP triggers", () => {
  it("routes optional parameters, repeated query keys, bodies, headers, cookies and context", async () => {
    const get = await fetch(`${host!.url}/api/hello/bob?tag=a&tag=b`);
    expect(get.status).toBe(200);
    expect(get.headers.get("x-fixture")).toBe("yes");
    expect(get.headers.get("set-cookie")).toBe("session=abc; Path=/; HttpOnly; SameSite=Lax");
    const got = (await get.json()) as Record<string, unknown>;
    expect(got).toMatchObject({
      greeting: "Hello, bob",
      method: "GET",
      tags: ["a", "b"],
      functionName: "hello",
    });
    expect(got.invocationId).toMatch(/^[0-9a-f-]{36}$/);

    const post = await fetch(`${host!.url}/api/hello`, {
      method: "POST",
      body: "payload",
      headers: { "content-type": "text/plain" },
    });
    expect(await post.json()).toMatchObject({
      greeting: "Hello, world",
      method: "POST",
      body: "payload",
      contentType: "text/plain",
    });
    expect((await fetch(`${host!.url}/api/hello`, { method: "DELETE" })).status).toBe(404);
  });

  it("honours route constraints, precedence and catch-all segments", async () => {
    expect(await (await fetch(`${host!.url}/api/items/42`)).json()).toEqual({ id: 42 });
    expect(await (await fetch(`${host!.url}/api/items/abc`)).json()).toEqual({ name: "abc" });
    expect((await fetch(`${host!.url}/api/items/4a`)).status).toBe(404);
    expect(await (await fetch(`${host!.url}/api/files/a/b/c.txt`)).text()).toBe("a/b/c.txt");
    expect((await fetch(`${host!.url}/api/nothing-here`)).status).toBe(404);
    expect((await fetch(`${host!.url}/hello`)).status).toBe(404);
    expect(await (await fetch(`${host!.url}/admin/host/status`)).json()).toEqual({ state: "Running" });
  });

  it("checks keys for function and admin auth levels", async () => {
    expect((await fetch(`${host!.url}/api/secure`)).status).toBe(401);
    expect((await fetch(`${host!.url}/api/secure`, { headers: { "x-functions-key": "wrong" } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${host!.url}/api/secure`, { headers: { "x-functions-key": "fixture-host-key" } })).status,
    ).toBe(200);
    expect((await fetch(`${host!.url}/api/secure?code=fixture-master-key`)).status).toBe(200);
    expect((await fetch(`${host!.url}/api/admin-only?code=fixture-host-key`)).status).toBe(401);
    const admin = await fetch(`${host!.url}/api/admin-only`, {
      headers: { "x-functions-key": "fixture-master-key" },
    });
    expect(await admin.text()).toBe("admin ok");
  });

  it("answers 500 for a throwing handler and logs the error", async () => {
    expect((await fetch(`${host!.url}/api/boom`)).status).toBe(500);
    expect(host!.output.some((line) => line.includes("boom") && line.includes("fixture failure"))).toBe(true);
  });

  it("drops a client-supplied x-ms-client-principal header", async () => {
    const principal = Buffer.from(
      JSON.stringify({ identityProvider: "aad", userId: "x", userRoles: ["admin"] }),
    ).toString("base64");
    const response = await fetch(`${host!.url}/api/whoami`, {
      headers: { "x-ms-client-principal": principal },
    });
    expect(await response.json()).toEqual({ principal: null, user: null });
  });
});

/** Sends the head of a request and `sent` bytes of its body on a raw socket; resolves what comes back. */
function rawExchange(url: string, head: string, sent: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      socket.write(Buffer.alloc(sent, 0x61));
    });
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => {
      resolve(received);
    });
    socket.on("error", reject);
    socket.setTimeout(10_000, () => {
      socket.destroy(new Error(`no answer, got: ${received.slice(0, 200)}`));
    });
  });
}

describe("request body limit (1 MiB)", () => {
  it("reads a body under the limit", async () => {
    const body = "x".repeat(1_000_000);
    const res = await fetch(`${host!.url}/api/hello`, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body: string }).body).toHaveLength(body.length);
  });

  it("answers 413 to a declared huge body without waiting for it, and closes the connection", async () => {
    // 100 MB declared, 1 KB sent: the answer can only come from the declaration (the rest never arrives).
    const answer = await rawExchange(
      host!.url,
      "POST /api/hello HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n",
      1024,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain("content-type: application/problem+json");
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain('"type":"/problems/body-too-large"');
  });

  it("answers 413 once a chunked body passes the limit, discarding the rest, and keeps serving", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${host!.url}/api/hello`, { method: "POST" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", (err) => {
        if (!req.destroyed) reject(err);
      });
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      let written = 0;
      const pump = (): void => {
        // Up to 8 MiB, far more than the limit: the answer must come long before.
        while (written < 8 * 1024 * 1024 && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await fetch(`${host!.url}/api/hello/again`)).status).toBe(200);
  });
});

describe("timer triggers", () => {
  it("fires on an NCRONTAB schedule without overlapping itself", async () => {
    let stats = { fired: 0, maxRunning: 0 };
    for (let i = 0; i < 100 && stats.fired < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      stats = (await (await fetch(`${host!.url}/api/timerStats`)).json()) as typeof stats;
    }
    expect(stats.fired).toBeGreaterThanOrEqual(2);
    expect(stats.maxRunning).toBe(1);
  });
});

describe("Durable Functions", () => {
  it("runs activity sequences with custom status, deterministic time and history", async () => {
    const started = await api.start("helloSequence", "in");
    expect(started.statusQueryGetUri).toContain(`/runtime/webhooks/durabletask/instances/${started.id}`);
    const done = await api.waitFor(started.id);
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.customStatus).toEqual({ done: 3 });
    expect(done.input).toBe("in");
    const output = done.output as { greetings: string[]; times: string[]; input: string; guid: string };
    expect(output.greetings).toEqual(["Hello Tokyo", "Hello Seattle", "Hello London"]);
    expect(output.input).toBe("in");
    expect([...output.times].sort()).toEqual(output.times);
    const viaLink = await fetch(started.statusQueryGetUri);
    expect(viaLink.status).toBe(200);
    const { body } = await api.status(started.id, "?showHistory=true&showHistoryOutput=true");
    const completed = body?.historyEvents?.filter((e) => e.EventType === "TaskCompleted") ?? [];
    expect(completed.map((e) => [e.FunctionName, e.Result])).toEqual([
      ["sayHello", "Hello Tokyo"],
      ["sayHello", "Hello Seattle"],
      ["sayHello", "Hello London"],
    ]);
  });

  it("fans out and in, races events against timers, waits on durable timers", async () => {
    const fan = await api.start("fanOut", { count: 20 });
    const approved = await api.start("race", 30);
    const timedOut = await api.start("race", 1);
    const timer = await api.start("timerThenDone");
    await api.waitFor(approved.id, ["Running"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await api.post(`instances/${approved.id}/raiseEvent/approve`, { by: "ops" })).toBe(202);
    expect((await api.waitFor(fan.id)).output).toEqual({ count: 20, sum: 190 });
    expect((await api.waitFor(approved.id)).output).toBe('approved:{"by":"ops"}');
    expect((await api.waitFor(timedOut.id)).output).toBe("timeout");
    expect((await api.waitFor(timer.id)).output).toBeGreaterThanOrEqual(1000);
  });

  it("runs sub-orchestrations, continue-as-new and activity retries", async () => {
    const parent = await api.start("parent");
    const counter = await api.start("counter", 1);
    const retrying = await api.start("retrying");
    const parentDone = await api.waitFor(parent.id);
    expect(parentDone.runtimeStatus).toBe("Completed");
    const out = parentDone.output as {
      first: { greetings: string[]; input: string };
      second: number;
      failure: string;
    };
    expect(out.first.greetings).toHaveLength(3);
    expect(out.first.input).toBe("from parent");
    expect(out.second).toBe(3);
    expect(out.failure).toContain("kaboom");
    expect((await api.waitFor(`${parent.id}-child`)).output).toBe(3);
    expect((await api.waitFor(counter.id)).output).toBe(3);
    const retried = (await api.waitFor(retrying.id)).output as { ok: string; exhausted: string };
    expect(retried.ok).toBe("ok after 3");
    expect(retried.exhausted).toContain("flaky attempt 2 failed");
  });

  it("records failures: orchestrator errors, activity errors, timeouts, non-deterministic yields", async () => {
    const failing = await api.start("failing");
    const activityFails = await api.start("activityFails");
    const timeout = await api.start("activityTimeout");
    const bad = await api.start("badYield");
    const f1 = await api.waitFor(failing.id);
    expect(f1.runtimeStatus).toBe("Failed");
    expect(String(f1.output)).toContain("kaboom");
    const f2 = await api.waitFor(activityFails.id);
    expect(f2.runtimeStatus).toBe("Failed");
    expect(String(f2.output)).toContain("flaky attempt 1 failed");
    const f3 = await api.waitFor(timeout.id);
    expect(f3.output).toContain("Timeout value of 00:00:03 was exceeded");
    const f4 = await api.waitFor(bad.id);
    expect(f4.runtimeStatus).toBe("Failed");
    expect(String(f4.output)).toContain("programming constraint violation");
  });

  it("raises events, terminates, suspends and resumes through the client and the API", async () => {
    const viaClient = await api.start("waitEvent");
    const toTerminate = await api.start("waitEvent");
    const toSuspend = await api.start("waitEvent");
    await Promise.all([viaClient.id, toTerminate.id, toSuspend.id].map((id) => api.waitFor(id, ["Running"])));
    const raised = await fetch(`${host!.url}/api/client/raise/${viaClient.id}?event=go`, {
      method: "POST",
      body: '{"n":1}',
    });
    expect(raised.status).toBe(202);
    expect((await api.waitFor(viaClient.id)).output).toEqual({ data: { n: 1 }, second: "Hello after event" });

    expect(await api.post(`instances/${toTerminate.id}/terminate?reason=enough`)).toBe(202);
    const terminated = await api.waitFor(toTerminate.id);
    expect(terminated).toMatchObject({ runtimeStatus: "Terminated", output: "enough" });
    expect(await api.post(`instances/${toTerminate.id}/raiseEvent/go`, 1)).toBe(410);
    expect(await api.post(`instances/does-not-exist/raiseEvent/go`, 1)).toBe(404);

    expect((await fetch(`${host!.url}/api/client/suspend/${toSuspend.id}`, { method: "POST" })).status).toBe(
      202,
    );
    await api.waitFor(toSuspend.id, ["Suspended"]);
    expect(await api.post(`instances/${toSuspend.id}/raiseEvent/go`, "held")).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api.status(toSuspend.id)).body?.runtimeStatus).toBe("Suspended");
    expect((await fetch(`${host!.url}/api/client/resume/${toSuspend.id}`, { method: "POST" })).status).toBe(
      202,
    );
    expect((await api.waitFor(toSuspend.id)).output).toEqual({ data: "held", second: "Hello after event" });
  });

  it("starts with an instance id once, lists with filters and continuation, purges", async () => {
    const id = `fixed-${randomUUID().slice(0, 8)}`;
    expect(await api.post(`orchestrators/waitEvent/${id}`)).toBe(202);
    expect(await api.post(`orchestrators/waitEvent/${id}`)).toBe(409);
    expect(await api.post(`orchestrators/noSuchOrchestrator`)).toBe(400);
    await api.post(`instances/${id}/terminate?reason=x`);
    await api.waitFor(id);

    const ids = await Promise.all([1, 2, 3].map(async () => (await api.start("fanOut", { count: 1 })).id));
    await Promise.all(ids.map((i) => api.waitFor(i)));
    const seen = new Set<string>();
    let continuation: string | null = null;
    let pages = 0;
    do {
      const response: Response = await fetch(`${api.webhook}/instances/?runtimeStatus=Completed&top=2`, {
        headers: continuation ? { "x-ms-continuation-token": continuation } : {},
      });
      const page = (await response.json()) as { instanceId: string; runtimeStatus: string }[];
      expect(page.length).toBeLessThanOrEqual(2);
      for (const item of page) {
        expect(item.runtimeStatus).toBe("Completed");
        seen.add(item.instanceId);
      }
      continuation = response.headers.get("x-ms-continuation-token");
      pages++;
    } while (continuation);
    expect(pages).toBeGreaterThan(1);
    for (const i of ids) expect(seen.has(i)).toBe(true);
    const viaClient = (await (await fetch(`${host!.url}/api/client/list/x`)).json()) as {
      instanceId: string;
    }[];
    expect(viaClient.map((s) => s.instanceId)).toEqual(expect.arrayContaining(ids));

    const waited = await fetch(`${host!.url}/api/client/wait/${ids[0] ?? ""}`);
    expect(await waited.json()).toEqual({ count: 1, sum: 0 });
    const purged = await fetch(`${host!.url}/api/client/purge/${ids[0] ?? ""}`, { method: "DELETE" });
    expect(await purged.json()).toEqual({ instancesDeleted: 1 });
    expect((await api.status(ids[0] ?? "")).http).toBe(404);
    const del = await fetch(`${api.webhook}/instances/${ids[1] ?? ""}`, { method: "DELETE" });
    expect(await del.json()).toEqual({ instancesDeleted: 1 });
    expect((await fetch(`${api.webhook}/instances/${ids[1] ?? ""}`, { method: "DELETE" })).status).toBe(404);
  });
});
