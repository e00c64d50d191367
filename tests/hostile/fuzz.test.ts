// Property, through the real local host over HTTP (tests/api/fuzz.test.ts does 1,000 per route in-process):
// 100 generated requests per route — ids, query, body, content type, Idempotency-Key and credentials drawn
// from valid values and hostile strings — are answered 2xx or 4xx, never 5xx; every refusal is
// problem+json without a stack trace and writes nothing (every Cosmos document's id and etag compared
// before and after; the stack is let settle after an accepted mutation so its own work is not counted).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiRoutes } from "../../shared/api/apiRoutes.js";
import {
  type HostileStack,
  hostileStrings,
  problemOf,
  refused,
  startHostileStack,
  tenantA,
  tenantB,
  ws,
} from "./hostileStack.js";

const runsPerRoute = 100;

let h: HostileStack;
const figures: Record<string, Record<string, number>> = {};
let known: Record<string, string[]> = {};

beforeAll(async () => {
  h = await startHostileStack();
  const started = await h.call("POST", `${ws}/tenants/${tenantA.id}/backups`, {
    body: { policyTypes: ["deviceConfigurations"] },
  });
  expect(started.status, started.text).toBe(202);
  await h.settle();
  const restore = await h.call("POST", `${ws}/restores`, {
    body: { backupSetId: started.body.backupSetId, targetTenantId: tenantB.id, dryRun: true },
  });
  expect(restore.status, restore.text).toBeLessThan(300);
  await h.settle();
  const notifications = await h.call("GET", `${ws}/notifications`);
  known = {
    workspaceId: ["ws-demo", "ws-demo", "ws-other"],
    tenantId: [tenantA.id, tenantB.id],
    runId: [String(started.body.run.id)],
    backupSetId: [String(started.body.backupSetId)],
    restoreRunId: [String(restore.body.restoreRun?.id ?? restore.body.id ?? "rr-none")],
    notificationId: ((notifications.body?.items ?? []) as { id: string }[]).map((n) => n.id).slice(0, 3),
  };
}, 240_000);
afterAll(async () => {
  console.log(JSON.stringify({ hostile_fuzz: figures }));
  await h.stop();
});

const text = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...hostileStrings) },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);
const segment = (name: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(known[name] ?? ["x"])) },
    { weight: 1, arbitrary: text },
  );
const query = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom("limit", "continuation", "tenantId", "status", "type", "since", "unread", "action"),
      text,
    ),
    fc.oneof(text, fc.constantFrom("1", "200", "201", "0", "-1", "true", "queued", "backup_set.create")),
  ),
  { maxLength: 3 },
);
const bodyOf = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    fc.constant("{}"),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    text,
    fc
      .record(
        {
          policyTypes: fc.oneof(fc.constant(["deviceConfigurations"]), fc.array(text, { maxLength: 2 })),
          policyIds: fc.oneof(fc.array(text, { maxLength: 2 }), text),
          backupSetId: fc.oneof(fc.constantFrom(...(known.backupSetId ?? ["x"])), text),
          targetTenantId: fc.oneof(fc.constantFrom(tenantA.id, tenantB.id), text),
          dryRun: fc.oneof(fc.boolean(), text),
          ids: fc.oneof(
            fc.array(fc.constantFrom(...(known.notificationId ?? ["n"]), "n-x"), { maxLength: 2 }),
            text,
          ),
          externalId: fc.oneof(fc.uuid({ version: 4 }), text),
          displayName: fc.oneof(text, fc.integer()),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
  );
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "");
const idempotencyKey = fc.option(fc.oneof(fc.uuid(), text), { nil: undefined });
type Caller = keyof HostileStack["tokens"] | "none" | "garbled";
const who = fc.constantFrom<Caller>(
  "operatorApp",
  "operatorApp",
  "operatorApp",
  "operator",
  "owner",
  "readonly",
  "none",
  "garbled",
);

type Example = [string[], [string, string][], string | undefined, string, string | undefined, Caller];

/** One accepted request of each mutation, tried first: random draws rarely make every part valid at once. */
function acceptedExample(name: string): Example[] {
  const json = "application/json";
  const examples: Record<string, Example> = {
    "tenants-create": [
      ["ws-demo"],
      [],
      JSON.stringify({
        externalId: "3b0c6a52-8f4e-4d6b-9a1c-2e7f5d8c9b10",
        displayName: "Fuzz tenant",
        credentialRef: "keyvault:fuzz-tenant",
      }),
      json,
      undefined,
      "owner",
    ],
    "backups-start": [["ws-demo", tenantB.id], [], "{}", json, undefined, "operatorApp"],
    "restores-create": [
      ["ws-demo"],
      [],
      JSON.stringify({ backupSetId: known.backupSetId?.[0], targetTenantId: tenantB.id, dryRun: true }),
      json,
      undefined,
      "operator",
    ],
    "restores-execute": [
      ["ws-demo", known.restoreRunId?.[0] ?? ""],
      [],
      undefined,
      "",
      undefined,
      "operator",
    ],
    "notifications-read": [
      ["ws-demo"],
      [],
      JSON.stringify({ ids: known.notificationId }),
      json,
      undefined,
      "operatorApp",
    ],
    "ops-reconcile": [["ws-demo"], [], undefined, "", undefined, "owner"],
  };
  const example = examples[name];
  return example === undefined ? [] : [example];
}

describe(`${runsPerRoute} generated requests per route through the host`, () => {
  for (const route of apiRoutes) {
    const params = [...route.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
    const mutation = route.spec.method !== "GET";
    it(`${route.spec.name}: 2xx/4xx only; refusals are problem+json and write nothing`, async () => {
      const statuses: Record<string, number> = {};
      let dirty = false;
      const start = await h.fingerprint();
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...params.map((p) => segment(p))),
          query,
          bodyOf(),
          contentType,
          idempotencyKey,
          who,
          async (segments, pairs, rawBody, type, key, caller) => {
            let i = 0;
            const path = route.spec.path.replace(/\{\w+\}/g, () => encodeURIComponent(segments[i++] ?? ""));
            const search = new URLSearchParams(pairs).toString();
            const headers: Record<string, string> = {};
            if (type !== "") headers["content-type"] = type;
            if (key !== undefined && /^[\x20-\x7e]*$/.test(key)) headers["idempotency-key"] = key;
            if (caller === "garbled") headers.authorization = "Bearer e30.e30.";
            const token = caller === "none" || caller === "garbled" ? null : h.tokens[caller];
            if (mutation && dirty) {
              await h.settle();
              dirty = false;
            }
            const before = mutation ? await h.fingerprint() : "";
            const answer = await h.call(route.spec.method, path + (search === "" ? "" : `?${search}`), {
              token,
              headers,
              // fetch sends no body with a GET; the host would read none anyway.
              ...(rawBody === undefined || !mutation ? {} : { rawBody }),
            });
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
            expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
            expect(answer.status, answer.text).toBeLessThan(500);
            if (answer.status >= 400) {
              // The host's own 404 for a path no function serves has no body; the API's refusals do.
              if (answer.text !== "") expect(problemOf(answer)).toEqual(refused(answer.status));
              if (mutation) expect(await h.fingerprint(), `${answer.status} wrote`).toBe(before);
            } else if (mutation) dirty = true;
          },
        ),
        { numRuns: runsPerRoute, seed: 20261202, examples: acceptedExample(route.spec.name) },
      );
      if (!mutation) expect(await h.fingerprint(), "a read wrote").toBe(start);
      figures[route.spec.name] = statuses;
      expect(Object.keys(statuses).some((s) => Number(s) >= 400)).toBe(true);
      if (!mutation || acceptedExample(route.spec.name).length > 0) {
        expect(
          Object.keys(statuses).some((s) => Number(s) < 300),
          JSON.stringify(statuses),
        ).toBe(true);
      }
    }, 240_000);
  }
});
