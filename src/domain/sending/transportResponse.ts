// What one attempt to send an upload produced, as seen by the sender: an HTTP answer, a timeout,
// a network error, a refusal by the browser itself (CORS), or no request at all because no
// access token was available. Transports (src/worker/send/) produce it; classify.ts turns it
// into a verdict. Plain data, no I/O.

export interface ResponseHeaders {
  /** The raw Retry-After header, if any (seconds or an HTTP date). */
  readonly retryAfter: string | null;
  readonly contentType: string | null;
}

export type TransportResponse =
  | { readonly kind: 'response'; readonly status: number; readonly headers: ResponseHeaders; readonly bodyText: string }
  /** No answer within the transport's time limit; the server may still have processed it. */
  | { readonly kind: 'timeout'; readonly afterMs: number }
  /** The request failed below HTTP (offline, DNS, connection reset). */
  | { readonly kind: 'network-error'; readonly message: string }
  /**
   * The server answered, but the browser refused this page the exchange (CORS: the endpoint
   * does not allow this page's origin, or the upload's headers). Every request will fail the
   * same way until the app and the endpoint share an origin. `message` says so, and what to do.
   */
  | { readonly kind: 'refused-by-browser'; readonly origin: string; readonly message: string }
  /** Nothing was sent: the auth provider had no token to give. */
  | { readonly kind: 'auth-unavailable'; readonly message: string };
