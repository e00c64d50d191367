// The one module that reads the build environment (Vite `VITE_*` variables) and app-wide constants.
const env = import.meta.env;

function numberFrom(value: unknown, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export const appEnv = {
  /** Base of the HTTP API on the same origin (SWA forwards /api to the Functions backend). */
  apiBase: typeof env.VITE_API_BASE === "string" && env.VITE_API_BASE !== "" ? env.VITE_API_BASE : "/api",
  /** SWA identity provider used for sign-in links. */
  authProvider:
    typeof env.VITE_AUTH_PROVIDER === "string" && env.VITE_AUTH_PROVIDER !== ""
      ? env.VITE_AUTH_PROVIDER
      : "aad",
  /** Poll interval while something in view is active (queued or running): must stay ≤ 2 s. */
  activePollMs: Math.min(2_000, numberFrom(env.VITE_ACTIVE_POLL_MS, 1_500)),
  /** First idle interval; it doubles up to idleMaxPollMs while nothing changes. */
  idlePollMs: numberFrom(env.VITE_IDLE_POLL_MS, 4_000),
  idleMaxPollMs: numberFrom(env.VITE_IDLE_MAX_POLL_MS, 30_000),
  pageSize: 50,
} as const;
