// Keeps the screen on (and so the computer awake) while `wanted`: a run is active, or a scheduled
// start or resume is pending. The browser releases a screen wake lock whenever the page is
// hidden, so it is taken again each time the page becomes visible. Where the browser has no wake
// lock, or refuses it (battery saver, a policy), nothing else changes.

import { useEffect } from 'react';

export function useWakeLock(wanted: boolean): void {
  useEffect(() => {
    if (!wanted || !('wakeLock' in navigator)) return;
    let held: WakeLockSentinel | null = null;
    let asking = false;
    let ended = false;
    const take = (): void => {
      if (ended || asking || document.visibilityState !== 'visible' || (held !== null && !held.released)) return;
      asking = true;
      navigator.wakeLock.request('screen').then(
        (sentinel) => {
          asking = false;
          if (ended) void sentinel.release();
          else held = sentinel;
        },
        () => {
          // Refused: the screen may sleep; the run itself is not affected while the computer is awake.
          asking = false;
        },
      );
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      ended = true;
      document.removeEventListener('visibilitychange', take);
      void held?.release();
    };
  }, [wanted]);
}
