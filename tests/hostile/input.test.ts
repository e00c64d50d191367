// Hostile input through the real local host over HTTP: path traversal and injection strings in every id of
// every route, in list filters and in continuation tokens (forged, tampered, re-scoped → 400); oversized,
// malformed and mistyped bodies. Every one is refused with its status as problem+json without a stack
// trace and writes nothing (every Cosmos document's id and etag compared before and after).
import { createHash } from "node:crypto";
import { request } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiRoutes } from "../../shared/api/apiRoutes.js";
import {
  type HostAnswer,
  type HostileStack,
  hostileStrings,
  problemOf,
  refused,
  startHostileStack,
  tenantA,
  tenantB,
  ws,
} from "./hostileStack.js";

let h: HostileStack;
const tried: Record<string, number> = {};
const count = (label: string, n = 1): void => {
  tried[label] = (tried[label] ?? 0) + n;
};
const runIds: string[] = [];
let backupSetId = "";

beforeAll(async () => {
  h = await startHostileStack();
  // Two runs, so that lists page (limit=1) and continuation tokens exist.
  for (const policyTypes of [["deviceConfigurations"], ["deviceCompliancePolicies"]]) {
    const started = await h.call("POST", `${ws}/tenants/${tenantA.id}/backups`, { body: { policyTypes } });
    expect(started.status, started.text).toBe(202);
    runIds.push(String(started.body.run.id));
    backupSetId = String(started.body.backupSetId);
  }
  await h.settle();
}, 240_000);
afterAll(async () => {
  console.log(JSON.stringify({ hostile_input: tried }));
  await h.stop();
});

/** Status 400 or 404 as problem+json, no stack trace. */
function expectRejected(answer: HostAnswer, label: string): void {
  // A path that no longer names an API route (fetch resolves dot segments, an empty id drops a segment)
  // gets the host's own bodiless 404, as on Azure: no function ran.
  if (answer.status === 404 && answer.text === "") return;
  expect([400, 404], `${label} → ${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status);
  expect(problemOf(answer), label).toEqual(refused(answer.status));
}

describe("path traversal and injection strings in ids", () => {
  const withIds = apiRoutes.filter((r) => /\{\w+\}/.test(r.spec.path));

  it(`every id of every route (${withIds.length} routes × ${hostileStrings.length} strings) → 400/404, nothing written`, async () => {
    const known: Record<string, string> = {
      workspaceId: "ws-demo",
      tenantId: tenantA.id,
      runId: runIds[0] ?? "",
      backupSetId,
      restoreRunId: "rr-none",
    };
    const before = await h.fingerprint();
    const statuses: Record<string, number> = {};
    for (const route of withIds) {
      const params = [...route.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
      for (const param of params) {
        for (const bad of hostileStrings) {
          const path = route.spec.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            encodeURIComponent(name === param ? bad : (known[name] ?? "x")),
          );
          const answer = await h.call(
            route.spec.method,
            path,
            route.spec.method === "POST" ? { body: {} } : {},
          );
          expectRejected(answer, `${route.spec.name} ${param}=${JSON.stringify(bad.slice(0, 30))}`);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          count("ids");
        }
      }
    }
    expect(await h.fingerprint()).toBe(before);
    console.log(JSON.stringify({ hostile_ids_statuses: statuses }));
  }, 240_000);

  it("raw dot segments and encoded slashes never leave the caller's workspace", async () => {
    const raw = (path: string): Promise<HostAnswer> =>
      new Promise((resolve, reject) => {
        const req = request(
          `${h.stack.host.url}${path}`,
          { method: "GET", headers: { authorization: `Bearer ${h.tokens.readonly}` } },
          (res) => {
            let text = "";
            res.on("data", (c: Buffer) => (text += c.toString()));
            res.on("end", () => {
              const headers = new Headers();
              for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
              let body: unknown = null;
              try {
                body = text === "" ? null : JSON.parse(text);
              } catch {
                body = undefined;
              }
              resolve({ status: res.statusCode ?? 0, headers, text, body });
            });
          },
        );
        req.on("error", reject);
        req.end();
      });
    // A dot segment resolves like a browser would: still a workspace the caller is not a member of → 404.
    expectRejected(await raw(`${ws}/../ws-other/runs`), "dot segment to another workspace");
    expectRejected(await raw(`${ws}/runs/..%2F..%2Fws-other%2Fruns`), "encoded slash in a run id");
    expectRejected(await raw(`${ws}/runs/%2e%2e%2f%2e%2e%2fws-other`), "encoded dots in a run id");
    expectRejected(
      await raw(`/api/workspaces/ws-demo%2F..%2Fws-other/runs`),
      "encoded slash in a workspace id",
    );
    // Outside /api the host serves nothing of the app: a dot segment cannot reach an API route from there.
    const outside = await raw(`/api/../../etc/passwd`);
    expect(outside.status).toBe(404);
    expect(outside.text).toBe("");
    count("raw_paths", 5);
  });
});

describe("injection strings in list filters", () => {
  const lists: [string, string[]][] = [
    [`${ws}/runs`, ["tenantId", "type", "status", "outcome", "initiator", "since", "until", "limit"]],
    [`${ws}/audit`, ["tenantId", "action", "limit"]],
    [`${ws}/notifications`, ["unread", "limit"]],
    [`${ws}/tenants/${tenantA.id}/backup-sets`, ["limit"]],
    [`${ws}/backup-sets/BACKUP/items`, ["limit"]],
  ];

  it("each filter × each string → 400 naming the query field, or 200 matching nothing; unknown keys → 400", async () => {
    const statuses: Record<string, number> = {};
    for (const [template, keys] of lists) {
      const base = template.replace("BACKUP", backupSetId);
      for (const key of [...keys, "$where", "__proto__"]) {
        for (const bad of hostileStrings) {
          const answer = await h.call("GET", `${base}?${new URLSearchParams({ [key]: bad }).toString()}`);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          count("filters");
          if (answer.status === 200) {
            // Free-text filters (initiator) are values compared with parameters, never query text.
            expect(answer.body.items, `${base} ${key}=${bad}`).toEqual([]);
            continue;
          }
          expect(problemOf(answer), `${base} ${key}=${bad.slice(0, 30)} → ${answer.text}`).toEqual(
            refused(400),
          );
          expect(String(answer.body.errors?.[0]?.field), `${key}=${bad}`).toMatch(/^query\./);
        }
      }
    }
    console.log(JSON.stringify({ hostile_filter_statuses: statuses }));
  }, 240_000);
});

describe("continuation tokens", () => {
  interface Envelope {
    v: number;
    s: string;
    c: string;
    h: string;
  }
  const forge = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const envelopeOf = (token: string): Envelope =>
    JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Envelope;
  const recompute = (envelope: Envelope, c: string): string =>
    forge({
      ...envelope,
      c,
      h: createHash("sha256").update(`${envelope.s}\n${c}`).digest("base64url").slice(0, 22),
    });

  const storeShaped = [
    forge({ v: 1, t: "garbage" }),
    forge({ v: 1, t: "' OR 1=1 --" }),
    forge({ v: 1, t: JSON.stringify([{ token: "-RID:~AAAA", range: { min: "", max: "FF" } }]) }),
  ];

  async function realToken(filter = ""): Promise<string> {
    const page = await h.call("GET", `${ws}/runs?limit=1${filter}`);
    expect(page.status).toBe(200);
    expect(typeof page.body.continuation).toBe("string");
    return String(page.body.continuation);
  }

  it("a real token pages; forged, tampered, re-filtered, re-routed or injected ones → 400", async () => {
    const token = await realToken();
    expect((await h.call("GET", `${ws}/runs?limit=1&continuation=${token}`)).status).toBe(200);
    const envelope = envelopeOf(token);
    const flip = (t: string, i: number): string =>
      t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1);
    // The checksum scheme is public (sha256 of scope and store token), so a forger can recompute it: a
    // store token that is not the store's own shape is still refused, by the store.
    const recomputed = (c: string): string => recompute(envelope, c);
    const forged: [string, string][] = [
      ["random", Buffer.from("not a token at all").toString("base64url")],
      ["tampered head", flip(token, 3)],
      ["tampered middle", flip(token, Math.floor(token.length / 2))],
      ["tampered tail", flip(token, token.length - 2)],
      ["other scope", forge({ ...envelope, s: "AAAAAAAAAAAAAAAA" })],
      ["other store token, old checksum", forge({ ...envelope, c: `${envelope.c}x` })],
      ["recomputed checksum, garbage store token", recomputed("garbage")],
      ["recomputed checksum, injected store token", recomputed("' OR 1=1 --")],
      [
        "recomputed checksum, JSON store token",
        recomputed(JSON.stringify([{ token: "x", range: { min: "", max: "FF" } }])),
      ],
      ["extra field", forge({ ...envelope, x: 1 })],
      ["version 2", forge({ ...envelope, v: 2 })],
      ["empty", ""],
      ["too long", "A".repeat(5000)],
      ...hostileStrings.map((s): [string, string] => [`injection ${s.slice(0, 20)}`, s]),
    ];
    const before = await h.fingerprint();
    for (const [label, value] of forged) {
      const answer = await h.call("GET", `${ws}/runs?limit=1&continuation=${encodeURIComponent(value)}`);
      expect(problemOf(answer), `${label} → ${answer.text}`).toEqual(refused(400));
      // The API's envelope names `query.continuation`; a store token inside a recomputed envelope is
      // refused one layer down, by the store, which names `continuation`.
      expect(answer.body.errors[0].field).toMatch(/^(query\.)?continuation$/);
      count("continuations");
    }
    // A real token under other filters, on another list, or for another workspace.
    const reFiltered = await h.call("GET", `${ws}/runs?limit=1&tenantId=${tenantB.id}&continuation=${token}`);
    expect(problemOf(reFiltered)).toEqual(refused(400));
    const reRouted = await h.call("GET", `${ws}/audit?limit=1&continuation=${token}`);
    expect(problemOf(reRouted)).toEqual(refused(400));
    const filtered = await realToken(`&tenantId=${tenantA.id}`);
    const unfiltered = await h.call("GET", `${ws}/runs?limit=1&continuation=${filtered}`);
    expect(problemOf(unfiltered)).toEqual(refused(400));
    const foreignWs = await h.call("GET", `/api/workspaces/ws-other/runs?limit=1&continuation=${token}`);
    expect(problemOf(foreignWs)).toEqual(refused(404));
    count("continuations", 4);
    expect(await h.fingerprint()).toBe(before);
  });

  // KNOWN GAP (tripwire: `it.fails` turns red once fixed, then make it a plain `it`). The envelope's
  // checksum is an unkeyed sha256 of public inputs, so a forger who wraps a store-shaped token in a
  // recomputed envelope gets it to the store: the local Cosmos server answers a page (200). Refusing it
  // needs a keyed checksum (HMAC with a secret every instance shares: a new setting), not a test change.
  it.fails("a store-shaped token in a recomputed envelope → 400 (needs a keyed checksum)", async () => {
    const envelope = envelopeOf(await realToken());
    for (const c of storeShaped) {
      const answer = await h.call("GET", `${ws}/runs?limit=1&continuation=${recompute(envelope, c)}`);
      expect(problemOf(answer)).toEqual(refused(400));
    }
  });

  it("… but such a token never causes a 5xx nor a write (runs, audit, backup items)", async () => {
    const before = await h.fingerprint();
    for (const list of [`${ws}/runs`, `${ws}/audit`, `${ws}/backup-sets/${backupSetId}/items`]) {
      const first = await h.call("GET", `${list}?limit=1`);
      expect(first.status, first.text).toBe(200);
      // A list too short to page still has a scope: the forger recomputes it from public inputs.
      const envelope =
        typeof first.body.continuation === "string"
          ? envelopeOf(String(first.body.continuation))
          : envelopeOf(await realToken());
      for (const c of storeShaped) {
        const answer = await h.call("GET", `${list}?limit=1&continuation=${recompute(envelope, c)}`);
        expect(answer.status, `${list} ${c} → ${answer.text}`).toBeLessThan(500);
        if (answer.status >= 400) expect(problemOf(answer)).toEqual(refused(answer.status));
        count("continuations_store_shaped");
      }
    }
    expect(await h.fingerprint()).toBe(before);
  });
});

describe("oversized, malformed and mistyped bodies", () => {
  const mutations = (): [string, string][] => [
    ["backups-start", `${ws}/tenants/${tenantA.id}/backups`],
    ["restores-create", `${ws}/restores`],
    ["notifications-read", `${ws}/notifications/read`],
  ];
  const bodiless = (): [string, string][] => [
    ["runs-retry", `${ws}/runs/${runIds[0] ?? ""}/retry`],
    ["runs-cancel", `${ws}/runs/${runIds[0] ?? ""}/cancel`],
    ["restores-execute", `${ws}/restores/rr-none/execute`],
  ];
  const json = { "content-type": "application/json" };

  it("bodies over 64 KiB → 413 (a 70 KiB JSON, 8 MiB of JSON)", async () => {
    const before = await h.fingerprint();
    for (const [name, path] of [...mutations(), ...bodiless()]) {
      for (const size of [70 * 1024, 8 * 1024 * 1024]) {
        const rawBody = JSON.stringify({ policyTypes: ["deviceConfigurations"], pad: "x".repeat(size) });
        const answer = await h.call("POST", path, { rawBody, headers: json });
        expect(problemOf(answer), `${name} ${size} → ${answer.text.slice(0, 200)}`).toEqual(refused(413));
        count("oversized");
      }
    }
    expect(await h.fingerprint()).toBe(before);
  }, 120_000);

  it("malformed JSON → 400, wrong media type → 415, nothing written", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const malformed: [string, string | Buffer][] = [
      ["truncated", '{"policyTypes": ['],
      ["trailing comma", '{"policyTypes": [],}'],
      ["single quotes", "{'policyTypes': []}"],
      ["comment", '{/* x */"policyTypes": []}'],
      ["NaN", '{"policyTypes": NaN}'],
      ["two documents", "{}{}"],
      ["bare string", "hello"],
      ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ["BOM then garbage", "\ufeff{x}"],
      ["deep nesting", deep],
    ];
    const wrongTypes: [string, string][] = [
      ["null", "null"],
      ["array", "[]"],
      ["number", "42"],
      ["string", '"x"'],
      [
        "prototype pollution",
        '{"__proto__": {"isAdmin": true}, "policyTypes": {"constructor": {"prototype": 1}}}',
      ],
      ["wrong field types", '{"policyTypes": "deviceConfigurations", "policyIds": 7}'],
      ["huge array", JSON.stringify({ policyIds: Array.from({ length: 10_001 }, (_, i) => `p${i}`) })],
    ];
    const before = await h.fingerprint();
    for (const [name, path] of mutations()) {
      for (const [label, rawBody] of [...malformed, ...wrongTypes]) {
        const answer = await h.call("POST", path, { rawBody, headers: json });
        const want = label === "deep nesting" || label === "huge array" ? [400, 413] : [400];
        expect(want, `${name} ${label} → ${answer.status} ${answer.text.slice(0, 200)}`).toContain(
          answer.status,
        );
        expect(problemOf(answer), `${name} ${label}`).toEqual(refused(answer.status));
        count("malformed");
      }
      for (const contentType of [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ]) {
        const answer = await h.call("POST", path, {
          rawBody: "{}",
          headers: { "content-type": contentType },
        });
        expect(problemOf(answer), `${name} ${contentType} → ${answer.text}`).toEqual(refused(415));
        count("media_type");
      }
    }
    for (const [name, path] of bodiless()) {
      for (const rawBody of ["{}", "null", "x", '{"__proto__": {}}']) {
        const answer = await h.call("POST", path, { rawBody, headers: json });
        expect(problemOf(answer), `${name} ${rawBody} → ${answer.text}`).toEqual(refused(400));
        count("body_on_bodiless_route");
      }
    }
    expect(await h.fingerprint()).toBe(before);
  }, 120_000);
});
