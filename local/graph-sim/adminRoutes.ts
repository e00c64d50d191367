// Admin API for tests and benchmarks (no auth; the simulator listens on loopback only). See README.
import { z } from "zod";
import { badRequest, ok, type SimResponse } from "./graphErrors.js";
import type { GraphSim } from "./graphSim.js";
import { generateTenant } from "./generateTenant.js";
import { exportTenant, tenantFromFixture } from "./simState.js";
import { intuneDefaultLimits } from "./throttle.js";

const limitsSchema = z.object({
  windowMs: z.number().int().positive(),
  tenantRequests: z.number().int().positive(),
  tenantWrites: z.number().int().positive(),
  appRequests: z.number().int().positive(),
  appWrites: z.number().int().positive(),
  omitRetryAfterEvery: z.number().int().min(0),
});

const generateSchema = z.object({
  tenantId: z.uuid().optional(),
  displayName: z.string().optional(),
  policies: z.number().int().min(0).max(200_000),
  seed: z.number().int().optional(),
  groups: z.number().int().min(0).optional(),
  filters: z.number().int().min(0).optional(),
  maxAssignments: z.number().int().min(0).optional(),
  mix: z.record(z.string(), z.number().min(0)).optional(),
});

/** Revoke or grant one application permission (role) of an app's consent in a tenant (every app by default). */
const permissionSchema = z.object({
  permission: z.string().min(1),
  clientId: z.string().min(1).optional(),
});

const appSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  roles: z.array(z.string()),
});

export const cert = { pem: "" };

function json(raw: string): unknown {
  return raw === "" ? {} : (JSON.parse(raw) as unknown);
}

export function handleAdmin(
  sim: GraphSim,
  method: string,
  seg: string[],
  url: URL,
  raw: string,
): SimResponse {
  try {
    return route(sim, method, seg, url, raw);
  } catch (err) {
    if (err instanceof z.ZodError)
      return badRequest(
        `Invalid admin request: ${err.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      );
    if (err instanceof SyntaxError) return badRequest("Invalid JSON.");
    throw err;
  }
}

function route(sim: GraphSim, method: string, seg: string[], url: URL, raw: string): SimResponse {
  const [a, b, c] = seg;
  const key = `${method} ${a ?? ""}${b === undefined ? "" : "/*"}${c === undefined ? "" : `/${c}`}`;
  switch (key) {
    case "GET health":
      return ok({ status: "ok", tenants: sim.tenants.size });
    case "GET tls":
      return ok({ certificatePem: cert.pem });
    case "POST reset": {
      const body = z.object({ seedDemo: z.boolean().default(true) }).parse(json(raw));
      sim.reset(body.seedDemo);
      return ok({ tenants: [...sim.tenants.keys()] });
    }
    case "GET tenants":
      return ok({
        value: [...sim.tenants.values()].map((t) => ({
          tenantId: t.id,
          displayName: t.displayName,
          groups: t.groups.size,
          filters: t.filters.size,
          policies: Object.fromEntries([...t.policies].map(([k, m]) => [k, m.size])),
        })),
      });
    case "POST tenants": {
      const tenant = tenantFromFixture(json(raw), sim.config.defaultApps);
      sim.tenants.set(tenant.id, tenant);
      return ok({ tenantId: tenant.id }, 201);
    }
    case "POST tenants/*/generate": {
      const body = generateSchema.parse(json(raw));
      const tenantId = b ?? "";
      const opts = { ...body, tenantId };
      const fixture = generateTenant(opts as Parameters<typeof generateTenant>[0]);
      const tenant = tenantFromFixture(fixture, sim.config.defaultApps);
      sim.tenants.set(tenant.id, tenant);
      return ok({ tenantId: tenant.id, policies: fixture.policies?.length ?? 0 }, 201);
    }
    case "GET tenants/*/export": {
      const t = sim.tenants.get(b ?? "");
      return t === undefined ? notFoundTenant(b) : ok(exportTenant(t));
    }
    case "DELETE tenants/*":
      sim.tenants.delete(b ?? "");
      return ok(undefined, 204);
    case "DELETE tenants/*/groups": {
      // A group deleted in Entra (tests: deleted between a restore's preview and its execution).
      const t = sim.tenants.get(b ?? "");
      if (t === undefined) return notFoundTenant(b);
      const groupId = (seg[3] ?? "").toLowerCase();
      const id = [...t.groups.keys()].find((k) => k.toLowerCase() === groupId);
      if (id === undefined)
        return {
          status: 404,
          headers: {},
          body: { error: { code: "NotFound", message: `Group '${seg[3] ?? ""}' does not exist.` } },
        };
      t.groups.delete(id);
      return ok(undefined, 204);
    }
    case "PUT tenants/*/apps": {
      const t = sim.tenants.get(b ?? "");
      if (t === undefined) return notFoundTenant(b);
      const app = appSchema.parse(json(raw));
      t.apps.set(app.clientId, { clientSecret: app.clientSecret, roles: app.roles });
      return ok({ clientId: app.clientId, roles: app.roles });
    }
    case "POST tenants/*/revoke-permission":
    case "POST tenants/*/grant-permission": {
      const t = sim.tenants.get(b ?? "");
      if (t === undefined) return notFoundTenant(b);
      const body = permissionSchema.parse(json(raw));
      const targets = [...t.apps].filter(([id]) => body.clientId === undefined || id === body.clientId);
      if (targets.length === 0) return badRequest(`No app '${body.clientId ?? ""}' in tenant '${t.id}'.`);
      for (const [, app] of targets) {
        const others = app.roles.filter((r) => r !== body.permission);
        app.roles = c === "grant-permission" ? [...others, body.permission] : others;
      }
      return ok({ apps: targets.map(([clientId, app]) => ({ clientId, roles: app.roles })) });
    }
    case "POST tenants/*/revoke-tokens": {
      const t = sim.tenants.get(b ?? "");
      if (t === undefined) return notFoundTenant(b);
      t.tokensValidAfter = Date.now() + 1;
      return ok({ tokensValidAfter: new Date(t.tokensValidAfter).toISOString() });
    }
    case "PUT tokens": {
      const body = z.object({ lifetimeSeconds: z.number().int().positive() }).parse(json(raw));
      sim.config.tokenLifetimeSeconds = body.lifetimeSeconds;
      return ok(body);
    }
    case "GET counters":
      return ok(sim.counters.snapshot());
    case "POST counters/*":
      if (b !== "reset") break;
      sim.counters.reset();
      return ok(undefined, 204);
    case "GET requests": {
      const limit = Number(url.searchParams.get("limit") ?? "1000");
      const tenantId = url.searchParams.get("tenantId") ?? undefined;
      return ok({ value: sim.counters.entries(limit, tenantId) });
    }
    case "GET faults":
      return ok({ value: sim.faults.list() });
    case "POST faults": {
      const f = sim.faults.add(json(raw));
      return ok({ id: f.id }, 201);
    }
    case "DELETE faults":
      sim.faults.remove();
      return ok(undefined, 204);
    case "DELETE faults/*":
      sim.faults.remove(b);
      return ok(undefined, 204);
    case "GET limits":
      return ok(sim.throttle.limits);
    case "PUT limits": {
      const limits = limitsSchema.partial().parse(json(raw));
      sim.throttle.reset({ ...sim.throttle.limits, ...limits } as typeof intuneDefaultLimits);
      return ok(sim.throttle.limits);
    }
    case "DELETE limits":
      sim.throttle.reset({ ...intuneDefaultLimits });
      return ok(sim.throttle.limits);
  }
  return {
    status: 404,
    headers: {},
    body: { error: { code: "NotFound", message: `No admin route ${method} /_admin/${seg.join("/")}` } },
  };
}

function notFoundTenant(id: string | undefined): SimResponse {
  return {
    status: 404,
    headers: {},
    body: { error: { code: "NotFound", message: `Tenant '${id ?? ""}' is not loaded.` } },
  };
}
