// Imported by the service worker that vite-plugin-pwa generates (vite.config.ts, workbox
// importScripts). Requests other than GET go straight to the network, without waking this
// service worker's fetch handler: the only ones the app makes are uploads and token requests,
// which the handler never answers (it serves the app's own files from its cache), and routing
// each of them through it cost every upload a hop to the service worker's thread and back, on a
// path whose delay decides whether two requests 200 ms apart reach the gateway closer than that.
// Static routing (InstallEvent.addRoutes) is in Chromium from 123; where it is missing, or
// refuses the rule, the fetch handler sees these requests as before and passes them on.
self.addEventListener('install', (event) => {
  if (typeof event.addRoutes !== 'function') return;
  event.waitUntil(
    Promise.resolve()
      .then(() => event.addRoutes([{ condition: { not: { requestMethod: 'GET' } }, source: 'network' }]))
      .catch(() => undefined),
  );
});
