// Service worker registration through workbox-window. A new version is OFFERED, never applied by
// itself, and it is only applied while the engine is idle: replacing the page under a running
// upload would interrupt it.

import { Workbox } from 'workbox-window';

export interface UpdateHandle {
  /** Activates the waiting version; the page reloads once it controls the page. */
  apply(): void;
}

export function registerServiceWorker(onUpdateWaiting: (update: UpdateHandle) => void): Workbox | null {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return null;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL, type: 'classic' });
  wb.addEventListener('waiting', () => {
    onUpdateWaiting({
      apply() {
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  void wb.register();
  return wb;
}
