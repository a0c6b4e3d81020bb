/// <reference types="vitest/config" />
// Build, dev server, PWA and unit-test configuration.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The Content Security Policy.
//
// The page: only its own scripts (no inline script, no eval), styles, images (and data: images
// that the design system's CSS uses), workers and manifest; it connects only to itself. The
// sending happens in the engine worker, which is not covered by the page's <meta> policy: a
// dedicated worker takes its policy from its own response headers. The server therefore sends
// WORKER_POLICY with every response; its connect-src must admit any Spine a practice may
// configure (https, or http on this computer for the loopback Spine), and the worker itself
// refuses any origin that is not in the stored settings (src/worker/send/connectGuard.ts).
const COMMON = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "worker-src 'self'", "manifest-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"];

/** In the page's <meta http-equiv>: the page itself connects only to its own origin. */
const PAGE_POLICY = [...COMMON, "connect-src 'self'"].join('; ');

/** Sent as a header with every response (it is what governs the worker and the service worker). */
const WORKER_POLICY = [...COMMON, "connect-src 'self' https: http://127.0.0.1:* http://localhost:*", "frame-ancestors 'none'"].join('; ');

/**
 * Puts the page's Content Security Policy into the built index.html. Not in the dev server,
 * whose React refresh needs an inline script.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'scr-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      // Updates are offered, never applied by themselves: a new version must not replace the
      // page under a running upload (src/ui/pwa/).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'SCR Initial Upload',
        short_name: 'SCR Upload',
        description: "Uploads a Summary Care Record for every eligible patient of a GP practice to the national Spine.",
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f0f4f5',
        theme_color: '#005eb8',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The shell, its chunks and the worker; icons and the manifest are added by the plugin.
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Uploads and token requests bypass the service worker (public/sw-network-routes.js).
        importScripts: ['sw-network-routes.js'],
      },
    }),
  ],
  worker: { format: 'es' },
  optimizeDeps: { include: ['dexie', 'comlink'] },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1', headers: { 'Content-Security-Policy': WORKER_POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } },
  server: { port: 5173, host: '127.0.0.1' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/unit/setup/temporal.ts', 'test/unit/setup/indexeddb.ts'],
  },
});
