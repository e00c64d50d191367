// Property: whatever params, query, headers and body arrive, every endpoint answers 2xx or 4xx — errors
// as problem+json without stack traces — never 500, and a 4xx writes nothing. 1,000 requests per route.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiRoutes } from "../../shared/api/apiRoutes.js";
import { type ApiWorld, startApiWorld } from "./support/apiWorld.js";

const runsPerRoute = 1000;

const nasty = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE c; --',
  "../../etc/passwd",
  "%00",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "SELECT * FROM c",
  "__proto__",
  "constructor",
  "ws-a",
  "0d3f7a9e-2b1c-4e5f-9a8b-7c6d5e4f3a2b",
  "x".repeat(300),
  "",
);
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
function segmentOf(known: string[]) {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: text });
}
const queryKey = fc.oneof(
  fc.constantFrom(
    "limit",
    "continuation",
    "status",
    "outcome",
    "type",
    "tenantId",
    "since",
    "unread",
    "action",
  ),
  text,
);
const queryValue = fc.oneof(
  text,
  fc.integer().map(String),
  fc.constantFrom("200", "201", "0", "-1", "1e3", "true"),
);
const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  text,
  fc
    .record(
      {
        externalId: fc.oneof(fc.uuid(), text),
        displayName: fc.oneof(text, fc.integer()),
        credentialRef: fc.oneof(fc.constant("keyvault:abc"), text),
        ids: fc.oneof(fc.array(text, { maxLength: 5 }), text),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constant(JSON.stringify({ displayName: "y".repeat(70_000) })),
  // Valid bodies, so that accepted requests are generated too.
  fc
    .record({
      externalId: fc.uuid({ version: 4 }),
      displayName: fc.constantFrom("A", "B b"),
      credentialRef: fc.constant("keyvault:k"),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .array(fc.constantFrom("n-1", "n-2"), { minLength: 1, maxLength: 3 })
    .map((ids) => JSON.stringify({ ids })),
  // Backup selections and restore requests naming the fixtures (and bad variants of them).
  fc
    .record(
      {
        policyTypes: fc.oneof(fc.constant(["deviceConfigurations"]), fc.array(text, { maxLength: 2 })),
        policyIds: fc.oneof(fc.constant(["p-1"]), text),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        backupSetId: fc.constantFrom("bs-a1", "bs-b1", ""),
        targetTenantId: fc.constantFrom("tenant-a1", "tenant-b1"),
        groupMapping: fc.constantFrom({ strategy: "displayName" }, { strategy: "explicit", map: {} }),
        dryRun: fc.oneof(fc.boolean(), text),
      },
      { requiredKeys: ["backupSetId", "targetTenantId"] },
    )
    .map((v) => JSON.stringify(v)),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "",
      "application/xml",
    ),
    "idempotency-key": fc.oneof(text, fc.uuid()),
  },
  { requiredKeys: [] },
);
/** Mostly the owner's platform principal; sometimes a garbled bearer token. */
const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.oneof(text, fc.constant("Bearer a.b.c"), fc.constant("Bearer")) },
);

/** Ids of the fixtures that fit the path's last parameter (runs, tenant, backup set, restore run). */
function knownIds(path: string): string[] {
  const { tenantA, backupSetA, restoreRunA } = world.recoveryFixtures;
  if (path.includes("{backupSetId}")) return [backupSetA, "bs-b1"];
  if (path.includes("{restoreRunId}")) return [restoreRunA, "rr-b1"];
  if (path.includes("{tenantId}")) return [tenantA, "tenant-b1"];
  return Object.values(world.fixtures).map((r) => r.id);
}

/**
 * One valid request of the backup and restore routes, tried first: their two-id paths and bodies are
 * rarely all valid at once in 1000 random draws, and the accepted path must be exercised too.
 */
function validExample(
  name: string,
  path: string,
): [[string, string], [string, string][], string | null, Record<string, string>, null][] {
  const bodies: Readonly<Record<string, string | null>> = {
    "backups-start": "{}",
    "backup-sets-list": null,
    "backup-sets-get": null,
    "backup-set-items": null,
    "restores-create": JSON.stringify({ backupSetId: "bs-a1", targetTenantId: "tenant-a1", dryRun: true }),
    "restores-get": null,
    "restores-preview": null,
    "restores-execute": null,
    "tenants-verify": null,
  };
  if (!(name in bodies)) return [];
  const id = knownIds(path)[0] ?? "";
  return [[["ws-a", id], [], bodies[name] ?? null, { "content-type": "application/json" }, null]];
}

function fill(template: string, values: string[]): string {
  let i = 0;
  return template.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++] ?? ""));
}

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.stop();
});

describe("generated requests never cause a 500", () => {
  for (const route of apiRoutes) {
    it(`${route.spec.name}: ${runsPerRoute} requests → 2xx/4xx, problem+json, no writes on 4xx`, async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(segmentOf(["ws-a", "ws-a", "ws-b"]), segmentOf(knownIds(route.spec.path))),
          fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
          body,
          headers,
          authorization,
          async (segments, query, rawBody, extraHeaders, auth) => {
            const search = new URLSearchParams(query).toString();
            const path = fill(route.spec.path, segments) + (search === "" ? "" : `?${search}`);
            const before = world.writes.count;
            // Keys are per route: every route draws the same sequence (one seed), and a key another
            // route claimed first would turn this route's accepted requests into 422s.
            const key = extraHeaders["idempotency-key"];
            const scoped =
              key === undefined
                ? extraHeaders
                : { ...extraHeaders, "idempotency-key": `${route.spec.name}.${key}` };
            const res = await world.call(route.spec.method, path, {
              as: "owner",
              ...(rawBody === null ? {} : { rawBody }),
              headers: auth === null ? scoped : { ...scoped, authorization: auth },
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            expect(res.status).toBeGreaterThanOrEqual(200);
            expect(res.status, JSON.stringify(world.loggedErrors)).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers["content-type"]).toBe("application/problem+json");
              expect(res.body).toMatchObject({
                status: res.status,
                type: expect.stringMatching(/^\/problems\//),
              });
              expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
              expect(world.writes.count).toBe(before);
            }
          },
        ),
        {
          numRuns: runsPerRoute,
          seed: 20261125,
          examples: validExample(route.spec.name, route.spec.path),
        },
      );
      // The generator reaches both rejections and accepted requests.
      expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
      expect(
        [...statuses.keys()].some((s) => s < 300),
        JSON.stringify([...statuses]),
      ).toBe(true);
    });
  }
});
