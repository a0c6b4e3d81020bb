// The Content Security Policy, in one place for the build and the preview server.
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
export const PAGE_POLICY = [...COMMON, "connect-src 'self'"].join('; ');

/** Sent as a header with every response (it is what governs the worker and the service worker). */
export const WORKER_POLICY = [...COMMON, "connect-src 'self' https: http://127.0.0.1:* http://localhost:*", "frame-ancestors 'none'"].join('; ');
