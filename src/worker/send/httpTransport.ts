// Sends an upload to a Spine over HTTP: `POST {base}/Bundle` with the national API's headers
// (Content-Type and Accept application/fhir+json, Authorization Bearer, X-Request-ID,
// X-Correlation-ID, NHSD-Session-URID), under a per-request time limit. Works against the
// national endpoints and the loopback Spine alike. A request the browser refused because the
// endpoint does not let this page in (CORS) comes back as `refused-by-browser`, not as a network
// error to retry for hours (browserRefusal.ts tells the two apart).

import { isAuthUnavailable, type AuthProvider } from './auth';
import { BrowserRefusalCheck, currentPageOrigin, refusedByBrowserText } from './browserRefusal';
import type { OutgoingMessage, Transport, TransportResponse } from './transport';

/** The time limit for one request, answer body included (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface HttpTransportOptions {
  /** The FHIR base, e.g. `http://127.0.0.1:4180`; the transport posts to `{baseUrl}/Bundle`. */
  readonly baseUrl: string;
  readonly auth: AuthProvider;
  /** NHSD-Session-URID (digits), or null to leave the header out. */
  readonly sessionUrid: string | null;
  readonly timeoutMs?: number;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** The page's origin (tests); the browser's own by default, null outside a browser. */
  readonly pageOrigin?: string | null;
}

const FHIR_JSON = 'application/fhir+json';

/** The national API's request headers for one upload attempt. */
export function uploadHeaders(token: string, requestId: string, correlationId: string, sessionUrid: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': FHIR_JSON,
    Accept: FHIR_JSON,
    Authorization: `Bearer ${token}`,
    'X-Request-ID': requestId,
    'X-Correlation-ID': correlationId,
  };
  if (sessionUrid !== null) headers['NHSD-Session-URID'] = sessionUrid;
  return headers;
}

/** `{base}/Bundle`, whatever slashes end the base. */
export const bundleUrlOf = (baseUrl: string): string => `${baseUrl.replace(/\/+$/, '')}/Bundle`;

class TimedOut extends Error {}

export class HttpSpineTransport implements Transport {
  private readonly bundleUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly pageOrigin: string | null;
  private readonly refusals: BrowserRefusalCheck;

  constructor(private readonly options: HttpTransportOptions) {
    if (options.sessionUrid !== null && !/^[0-9]+$/.test(options.sessionUrid)) throw new RangeError('NHSD-Session-URID must be digits');
    this.bundleUrl = bundleUrlOf(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.pageOrigin = options.pageOrigin === undefined ? currentPageOrigin() : options.pageOrigin;
    this.refusals = new BrowserRefusalCheck({ fetch: this.fetchFn, pageOrigin: this.pageOrigin, now: () => Date.now() });
  }

  /** An access token in hand (or why there is none), so send() asks for it without waiting. */
  async ready(): Promise<void> {
    await this.options.auth.token();
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<TransportResponse> {
    const token = await this.options.auth.token();
    if (isAuthUnavailable(token)) return { kind: 'auth-unavailable', message: token.reason };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimedOut()), this.timeoutMs);
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal.aborted) return { kind: 'network-error', message: 'cancelled before sending' };
      const headers = uploadHeaders(token, message.requestId, message.correlationId, this.options.sessionUrid);
      const response = await this.fetchFn(this.bundleUrl, { method: 'POST', headers, body: message.body, signal: controller.signal });
      // The body is read under the same time limit: a server can stall half way through it.
      const bodyText = await response.text();
      if (response.status === 401) this.options.auth.rejected(token);
      return {
        kind: 'response',
        status: response.status,
        headers: { retryAfter: response.headers.get('Retry-After'), contentType: response.headers.get('Content-Type') },
        bodyText,
      };
    } catch (error) {
      if (controller.signal.reason instanceof TimedOut) return { kind: 'timeout', afterMs: this.timeoutMs };
      if (signal.aborted) return { kind: 'network-error', message: 'cancelled' };
      const failure = await this.refusals.explain(this.bundleUrl, error, 'upload');
      if (failure.kind === 'refused-by-browser') return { kind: 'refused-by-browser', origin: failure.origin, message: refusedByBrowserText(failure.origin, this.pageOrigin) };
      return { kind: 'network-error', message: describeError(error) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}

/** fetch's errors are terse ("fetch failed", "Failed to fetch"); add the cause when there is one. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  return detail !== '' && detail !== error.message ? `${error.message} (${detail})` : error.message;
}
