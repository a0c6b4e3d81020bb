/// <reference types="vitest/config" />
// Build, dev server, PWA and unit-test configuration.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    react(),
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
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
  server: { port: 5173, host: '127.0.0.1' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/unit/setup/indexeddb.ts'],
  },
});
