/// <reference types="vitest/config" />
// Build, dev server, PWA and unit-test configuration.
import { defineConfig, type Plugin } from 'vite';
import { PAGE_POLICY, WORKER_POLICY } from './build/contentSecurityPolicy';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

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
    setupFiles: ['test/unit/setup/indexeddb.ts'],
  },
});
