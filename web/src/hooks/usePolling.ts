// Live data by polling with backoff: every ≤ 2 s while something in view is active, backing off from
// idlePollMs to idleMaxPollMs while nothing changes, and paused while the tab is hidden (an idle tab
// costs nothing); becoming visible again fetches at once.
import { useCallback, useEffect, useRef, useState } from "react";

import { appEnv } from "../env.js";

export interface PollingState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch now and poll fast again (after the user started or changed something). */
  refresh: () => void;
}

export interface PollingOptions<T> {
  /** Whether the data shows something in progress (then poll every activePollMs). */
  isActive?: (data: T) => boolean;
  enabled?: boolean;
  /** Slowest interval when idle (defaults to appEnv.idleMaxPollMs). */
  idleMaxMs?: number;
}

export function usePolling<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: PollingOptions<T> = {},
): PollingState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const tickRef = useRef<() => void>(() => undefined);
  const enabled = options.enabled ?? true;

  useEffect(() => {
    if (!enabled) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let disposed = false;
    let idleDelay = appEnv.idlePollMs;
    let errorDelay = 2_000;
    let lastJson = "";
    setLoading(true);
    setData(undefined);
    setError(undefined);

    const schedule = (ms: number): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (disposed || document.visibilityState === "hidden") return;
      timer = setTimeout(tick, ms);
    };

    function tick(): void {
      if (disposed) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      controller?.abort();
      const current = new AbortController();
      controller = current;
      fetcherRef.current(current.signal).then(
        (value) => {
          if (disposed || current.signal.aborted) return;
          errorDelay = 2_000;
          const json = JSON.stringify(value);
          const changed = json !== lastJson;
          lastJson = json;
          if (changed) setData(value);
          setError(undefined);
          setLoading(false);
          const active = optionsRef.current.isActive?.(value) ?? false;
          const idleMax = optionsRef.current.idleMaxMs ?? appEnv.idleMaxPollMs;
          if (active) {
            idleDelay = appEnv.idlePollMs;
            schedule(appEnv.activePollMs);
          } else {
            idleDelay = changed ? appEnv.idlePollMs : Math.min(idleDelay * 2, idleMax);
            schedule(idleDelay);
          }
        },
        (err: unknown) => {
          if (disposed || current.signal.aborted) return;
          setError(err);
          setLoading(false);
          errorDelay = Math.min(errorDelay * 2, 30_000);
          schedule(errorDelay);
        },
      );
    }

    tickRef.current = () => {
      idleDelay = appEnv.idlePollMs;
      tick();
    };
    const onVisibility = (): void => {
      if (document.visibilityState === "visible") tick();
      else if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    tick();
    return () => {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      controller?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [enabled, ...deps]);

  const refresh = useCallback(() => {
    tickRef.current();
  }, []);
  return { data, error, loading, refresh };
}
