// CORS in two modes (config.ts, CorsMode):
//   live - as the live API gateway answers (proxies/live: default.xml, AssignMessage.AddCors.xml):
//          a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the
//          proxy itself, echoing any Origin and allowing only the headers origin,
//          x-requested-with, accept, content-type and nhsd-session-urid; real answers carry no
//          CORS headers. A page on another origin can therefore not send an upload with a bearer
//          token and X-Request-ID, nor read any answer.
//   open - for tests and trying the app by hand: loopback origins (and those given with
//          --origin) may send the app's headers and read Retry-After and the request ids.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsMode } from './config';

/** The headers the app sends (the national API's request headers). */
export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-Request-ID', 'X-Correlation-ID', 'NHSD-Session-URID'];
/** Response headers the app must be able to read. */
export const EXPOSED_HEADERS = ['Retry-After', 'X-Request-ID', 'X-Correlation-ID'];
/** How long a browser may cache an open-mode preflight answer (s). */
const PREFLIGHT_MAX_AGE_S = 600;

/** What the live gateway's preflight answer says (AssignMessage.AddCors.xml), word for word. */
export const LIVE_PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Headers': 'origin, x-requested-with, accept, content-type, nhsd-session-urid',
  'Access-Control-Max-Age': '3628800',
  'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE',
} as const;

// Any port on the loopback interface, http only.
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?$/;

export class CorsPolicy {
  private readonly extra: Set<string>;

  /** `mode` is read per request, so a run-time configuration change applies at once. */
  constructor(private readonly mode: () => CorsMode, extraOrigins: string[] = []) {
    this.extra = new Set(extraOrigins.map((o) => new URL(o).origin));
  }

  allows(origin: string): boolean {
    return LOOPBACK_ORIGIN.test(origin) || this.extra.has(origin);
  }

  /** Whether this OPTIONS request is answered as a preflight (live: only a real CORS preflight). */
  handlesPreflight(req: IncomingMessage): boolean {
    if (req.method !== 'OPTIONS') return false;
    if (this.mode() === 'open') return true;
    return req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
  }

  /** Adds CORS headers to a real (non-preflight) answer: none in live mode. */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.mode() === 'live') return false;
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (origin === undefined || !this.allows(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    return true;
  }

  preflight(req: IncomingMessage, res: ServerResponse): void {
    if (this.mode() === 'live') {
      res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin ?? '', ...LIVE_PREFLIGHT_HEADERS }).end();
      return;
    }
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
