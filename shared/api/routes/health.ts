// GET /api/health: reachability of the store, storage and Graph (anonymous; names and timings only).
import { jsonResponse } from "../../http/apiHttp.js";
import { defineRoute } from "../apiRoute.js";
import { healthSchema, noParams, noQuery } from "../apiSchemas.js";

const probeTimeoutMs = 3000;

export const healthRoute = defineRoute({
  name: "health",
  method: "GET",
  path: "/api/health",
  summary: "Reachability of Cosmos DB, Storage and Graph",
  tag: "meta",
  access: { kind: "anonymous" },
  params: noParams,
  query: noQuery,
  body: null,
  idempotent: false,
  orchestration: false,
  responses: {
    200: { description: "All dependencies reachable", schema: healthSchema },
    503: { description: "At least one dependency unreachable", schema: healthSchema },
  },
  async handle({ deps }) {
    const checks = await Promise.all(
      deps.health.map(async (probe) => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            reject(new Error("timeout"));
          }, probeTimeoutMs);
        });
        let ok = true;
        try {
          await Promise.race([probe.check(), timeout]);
        } catch {
          ok = false;
        } finally {
          clearTimeout(timer);
        }
        return { name: probe.name, ok, latencyMs: Math.round(performance.now() - started) };
      }),
    );
    const healthy = checks.every((c) => c.ok);
    return jsonResponse(healthy ? 200 : 503, { status: healthy ? "ok" : "degraded", checks });
  },
});
