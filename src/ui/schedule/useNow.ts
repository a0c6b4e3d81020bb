// The wall clock as React state, refreshed every `periodMs`, for countdowns. The clock is
// injectable so tests render a fixed moment.

import { useEffect, useState } from 'react';

export const wallClock = (): number => Date.now();

export function useNow(periodMs: number, clock: () => number = wallClock): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const handle = setInterval(() => setNow(clock()), periodMs);
    return () => clearInterval(handle);
  }, [periodMs, clock]);
  return now;
}
