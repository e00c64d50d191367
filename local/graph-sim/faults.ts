// Injected faults: status codes at a rate on matching paths, latency, dropped connections, planted secret text.
import { z } from "zod";

export const faultSchema = z.object({
  /** Regular expression matched against the request path (with version, without query). */
  pathPattern: z.string().default(".*"),
  method: z.string().optional(),
  tenantId: z.string().optional(),
  /** Status to answer (e.g. 429, 500, 503, 504, 403, 404). Omit for latency-only faults. */
  status: z.number().int().min(400).max(599).optional(),
  /** Error code in the Graph error body (defaults by status). */
  code: z.string().optional(),
  /** Share of matching requests hit, 0..1 (deterministic sequence from `seed`). */
  rate: z.number().min(0).max(1).default(1),
  seed: z.number().int().default(1),
  /** Stop after this many hits. */
  maxHits: z.number().int().positive().optional(),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Close the socket without an answer (top-level requests only). */
  dropConnection: z.boolean().default(false),
  /** Retry-After header value on a 429/503 fault; omit for none. */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** Text planted in the error message (secret-looking text for sanitizer tests). */
  plantedText: z.string().optional(),
  /** Apply to $batch sub-requests as well (default true). */
  includeBatchItems: z.boolean().default(true),
});

export type FaultSpec = z.output<typeof faultSchema>;

export interface ActiveFault extends FaultSpec {
  id: string;
  hits: number;
  matches: RegExp;
  nextRandom: () => number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultTable {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(input: unknown): ActiveFault {
    const spec = faultSchema.parse(input);
    const fault: ActiveFault = {
      ...spec,
      id: `fault-${this.nextId++}`,
      hits: 0,
      matches: new RegExp(spec.pathPattern, "i"),
      nextRandom: mulberry32(spec.seed),
    };
    this.faults.push(fault);
    return fault;
  }

  list(): unknown[] {
    return this.faults.map(({ matches: _m, nextRandom: _n, ...rest }) => rest);
  }

  remove(id?: string): void {
    this.faults = id === undefined ? [] : this.faults.filter((f) => f.id !== id);
  }

  /** The first fault that fires for this request, if any (counts its hit). */
  pick(
    method: string,
    path: string,
    tenantId: string | undefined,
    isBatchItem: boolean,
  ): ActiveFault | undefined {
    for (const f of this.faults) {
      if (f.maxHits !== undefined && f.hits >= f.maxHits) continue;
      if (isBatchItem && !f.includeBatchItems) continue;
      if (f.method !== undefined && f.method.toUpperCase() !== method) continue;
      if (f.tenantId !== undefined && f.tenantId !== tenantId) continue;
      if (!f.matches.test(path)) continue;
      if (f.nextRandom() >= f.rate) continue;
      f.hits++;
      return f;
    }
    return undefined;
  }
}
