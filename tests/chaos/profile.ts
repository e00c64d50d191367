// The chaos test's two profiles. `short` runs inside `npm test` (CI, about 3 minutes on an idle 2-core
// machine); `full` is `npm run test:chaos` (CHAOS_PROFILE=full): more tenants and policies, 30 s latency,
// three host kills, more Azurite restarts and Cosmos fault windows.
export interface ChaosProfile {
  name: "short" | "full";
  /** Generated tenants on top of the two demo tenants (an even number: half sources, half targets). */
  generatedTenants: number;
  generatedPolicies: number;
  /** Share of Graph requests answered 503 or 504 (split evenly). */
  graph5xxRate: number;
  /** Consecutive 429s per burst, with and without Retry-After. */
  throttleBurst: number;
  /** Dropped connections per phase. */
  droppedConnections: number;
  /** Latency injected on a few Graph requests per phase. */
  latencyMs: number;
  latencyHits: number;
  /** Host SIGKILL + restart, spread over the two phases. */
  hostKills: number;
  azuriteRestarts: number;
  /** Cosmos 429 and 503 windows per phase. */
  cosmosWindows: number;
  /** Longest wait for all runs of a phase to complete. */
  phaseTimeoutMs: number;
  testTimeoutMs: number;
}

const short: ChaosProfile = {
  name: "short",
  generatedTenants: 2,
  generatedPolicies: 16,
  graph5xxRate: 0.2,
  throttleBurst: 4,
  droppedConnections: 3,
  latencyMs: 3_000,
  latencyHits: 2,
  hostKills: 1,
  azuriteRestarts: 1,
  cosmosWindows: 1,
  phaseTimeoutMs: 150_000,
  testTimeoutMs: 420_000,
};

const full: ChaosProfile = {
  name: "full",
  generatedTenants: 4,
  generatedPolicies: 60,
  graph5xxRate: 0.2,
  throttleBurst: 10,
  droppedConnections: 8,
  latencyMs: 30_000,
  latencyHits: 3,
  hostKills: 3,
  azuriteRestarts: 2,
  cosmosWindows: 2,
  phaseTimeoutMs: 480_000,
  testTimeoutMs: 1_500_000,
};

export function chaosProfile(value: string | undefined = process.env.CHAOS_PROFILE): ChaosProfile {
  return value === "full" ? full : short;
}
