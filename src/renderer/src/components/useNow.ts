import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` while `isTicking` (for countdowns). */
export function useNow(isTicking: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    const tick = (): void => setNow(Date.now());
    // The value may be old when ticking starts; refresh it right after this render.
    const firstTick = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(firstTick);
      clearInterval(timer);
    };
  }, [isTicking, intervalMs]);
  return now;
}
