// CORS for the app's origin: the PWA runs on another port (vite dev/preview), so the browser
// preflights every POST /Bundle because of its Authorization and X-* headers.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** The headers the app sends (the national API's request headers). */
export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-Request-ID', 'X-Correlation-ID', 'NHSD-Session-URID'];
/** Response headers the app must be able to read. */
export const EXPOSED_HEADERS = ['Retry-After', 'X-Request-ID', 'X-Correlation-ID'];
/** How long a browser may cache a preflight answer (s). */
const PREFLIGHT_MAX_AGE_S = 600;

// Any port on the loopback interface, http only.
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?$/;

export class CorsPolicy {
  private readonly extra: Set<string>;

  constructor(extraOrigins: string[] = []) {
    this.extra = new Set(extraOrigins.map((o) => new URL(o).origin));
  }

  allows(origin: string): boolean {
    return LOOPBACK_ORIGIN.test(origin) || this.extra.has(origin);
  }

  /** Adds the CORS response headers for an allowed origin; false if the origin is not allowed. */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (origin === undefined || !this.allows(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    return true;
  }

  /** Answers an OPTIONS preflight: 204 with the allowed methods and headers, 403 for other origins. */
  preflight(req: IncomingMessage, res: ServerResponse): void {
    if (!this.apply(req, res)) {
      res.writeHead(403).end();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    // Chrome's Private Network Access asks before a page reaches a loopback address.
    if (req.headers['access-control-request-private-network'] === 'true') {
      res.setHeader('Access-Control-Allow-Private-Network', 'true');
    }
    res.writeHead(204).end();
  }
}
