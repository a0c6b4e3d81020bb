// The tab title and the installed app's badge follow a running upload: `(42%) Upload – …`. The
// screens set the title's words (on each change of screen); this only puts the figure in front,
// again whenever the title is rewritten, and takes it away when no run is active.

import { useEffect } from 'react';
import { showBadge, titleWithProgress } from '../pwa/progressBadge';

export function useProgressTitle(percent: number | null): void {
  useEffect(() => {
    const apply = (): void => {
      const next = titleWithProgress(document.title, percent);
      if (next !== document.title) document.title = next;
    };
    apply();
    const title = document.querySelector('title');
    if (title === null) return undefined;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, [percent]);

  useEffect(() => {
    showBadge(percent);
  }, [percent]);

  // When the app unmounts (or the run ends) the figure goes.
  useEffect(
    () => () => {
      document.title = titleWithProgress(document.title, null);
      showBadge(null);
    },
    [],
  );
}
