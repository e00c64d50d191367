// A clock that re-renders every `ms` (for "2m ago" and running durations), paused while hidden.
import { useEffect, useState } from "react";

export function useNow(ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") setNow(Date.now());
    }, ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
