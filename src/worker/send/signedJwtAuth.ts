// Application-restricted authentication (NHS England's "signed JWT" pattern): exchanges a client
// assertion signed with the practice's key for an access token at the token endpoint, and keeps
// one current token for the HTTP transport.
//
// Invariants:
// - At most one token request at a time; callers that need a token meanwhile share its answer.
// - A token is renewed BEFORE it expires: once into its refresh window, token() still hands out
//   the current token and starts a renewal in the background, so sending never waits for one.
// - A failed request (network, timeout, 4xx, 5xx, unreadable answer) is not retried before its
//   back-off ends (5 s, doubling, at most 60 s, longer if the endpoint says Retry-After);
//   meanwhile token() answers the failure's reason at once. A success clears the back-off.
// - Tokens the Spine refused straight after issue back off the same way, so an application that
//   gets tokens but may not use them does not loop between the token endpoint and the Spine.
// - Reasons never contain a token, the assertion or key material.

import type { Clock } from '../ports';
import type { AuthProvider, AuthUnavailable } from './auth';
import { BrowserRefusalCheck, currentPageOrigin, refusedByBrowserText } from './browserRefusal';
import { CLIENT_ASSERTION_TYPE, signClientAssertion } from './clientAssertion';
import { interpretTokenResponse, type TokenAnswer } from './tokenResponse';

export const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
export const RETRY_INITIAL_MS = 5_000;
export const RETRY_MAX_MS = 60_000;
/** A Retry-After from the token endpoint is honoured up to this (ms). */
const RETRY_AFTER_CAP_MS = 10 * 60_000;
/** A token refused by the Spine within this of being issued counts as refused straight away (ms). */
const PROMPT_REJECTION_MS = 60_000;

export interface SignedJwtAuthOptions {
  readonly tokenUrl: string;
  /** The assertion's aud when it is not tokenUrl (clientAssertion.ts). */
  readonly audience?: string;
  /** The application's API key: iss and sub of the assertion. */
  readonly clientId: string;
  /** The kid the public key was registered under. */
  readonly keyId: string;
  /** RS512 (RSASSA-PKCS1-v1_5, SHA-512) private key; may be (should be) non-extractable. */
  readonly privateKey: CryptoKey;
  readonly clock: Clock;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** jti source; crypto.randomUUID by default. */
  readonly uuid?: () => string;
  readonly timeoutMs?: number;
  /** The page's origin (tests); the browser's own by default, null outside a browser. */
  readonly pageOrigin?: string | null;
}

/** How long before expiry a token is renewed: a minute (or a tenth of a long life), at most half its life. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(lifetimeMs / 2, Math.max(60_000, lifetimeMs / 10));
}

/** A token is handed out only while this much life is left, so it is still valid on arrival. */
export function expiryMarginMs(lifetimeMs: number): number {
  return Math.min(5_000, lifetimeMs / 4);
}

interface HeldToken {
  readonly value: string;
  readonly obtainedAtMs: number;
  /** Epoch ms from which a renewal is started. */
  readonly refreshAtMs: number;
  /** Epoch ms until which the token is handed out. */
  readonly usableUntilMs: number;
}

interface Backoff {
  readonly untilMs: number;
  readonly unavailable: AuthUnavailable;
}

class TimedOut extends Error {}

export class SignedJwtAuthProvider implements AuthProvider {
  private readonly clock: Clock;
  private readonly fetchFn: typeof fetch;
  private readonly uuid: () => string;
  private readonly timeoutMs: number;
  private readonly pageOrigin: string | null;
  /** Tells a token endpoint that refuses this page (CORS) from no network. */
  private readonly refusals: BrowserRefusalCheck;

  private current: HeldToken | null = null;
  private inFlight: Promise<string | AuthUnavailable> | null = null;
  private backoff: Backoff | null = null;
  /**
   * Failures in a row: endpoint failures and prompt rejections. Cleared once a token has been
   * handed out for PROMPT_REJECTION_MS without a 401, not merely on issue, so a loop of tokens
   * that are issued and then refused still backs off.
   */
  private failures = 0;

  constructor(private readonly options: SignedJwtAuthOptions) {
    this.clock = options.clock;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.uuid = options.uuid ?? (() => crypto.randomUUID());
    this.timeoutMs = options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;
    this.pageOrigin = options.pageOrigin === undefined ? currentPageOrigin() : options.pageOrigin;
    this.refusals = new BrowserRefusalCheck({ fetch: this.fetchFn, pageOrigin: this.pageOrigin, now: () => this.clock.now() });
  }

  token(): Promise<string | AuthUnavailable> {
    const now = this.clock.now();
    const held = this.current;
    if (held !== null && now < held.usableUntilMs) {
      if (now - held.obtainedAtMs >= PROMPT_REJECTION_MS) this.failures = 0;
      if (now >= held.refreshAtMs && this.mayRequest(now)) void this.request();
      return Promise.resolve(held.value);
    }
    if (this.inFlight !== null) return this.inFlight;
    if (this.backoff !== null && now < this.backoff.untilMs) return Promise.resolve(this.backoff.unavailable);
    return this.request();
  }

  rejected(token: string): void {
    const held = this.current;
    if (held === null || held.value !== token) return;
    this.current = null;
    const now = this.clock.now();
    if (now - held.obtainedAtMs < PROMPT_REJECTION_MS) {
      // A first prompt refusal is retried at once (the token may have been revoked); repeated
      // ones mean the Spine will not take this application's tokens at all.
      this.failures += 1;
      if (this.failures >= 2) {
        this.startBackoff(now, 'the Spine refused a newly issued access token (401): check that the application is approved for the Summary Care Record API', null);
      }
    }
  }

  /** When token() will next ask the endpoint after a failure (epoch ms); null when it may now. */
  retryAt(): number | null {
    const backoff = this.backoff;
    return backoff !== null && this.clock.now() < backoff.untilMs ? backoff.untilMs : null;
  }

  private mayRequest(now: number): boolean {
    return this.inFlight === null && (this.backoff === null || now >= this.backoff.untilMs);
  }

  private request(): Promise<string | AuthUnavailable> {
    const sentAtMs = this.clock.now();
    const pending = this.exchange().then((answer) => {
      this.inFlight = null;
      return this.settle(answer, sentAtMs);
    });
    this.inFlight = pending;
    return pending;
  }

  /** Never rejects: every failure is a `refused` answer. */
  private async exchange(): Promise<TokenAnswer> {
    const refused = (reason: string): TokenAnswer => ({ kind: 'refused', reason, retryAfterMs: null });
    let assertion: string;
    try {
      assertion = await signClientAssertion({
        clientId: this.options.clientId,
        tokenUrl: this.options.tokenUrl,
        audience: this.options.audience,
        keyId: this.options.keyId,
        privateKey: this.options.privateKey,
        nowMs: this.clock.now(),
        jti: this.uuid(),
      });
    } catch (error) {
      return refused(`could not sign with this computer's signing key (${error instanceof Error ? error.name : 'error'}): create a new key and register it`);
    }
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimedOut()), this.timeoutMs);
    try {
      const response = await this.fetchFn(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: controller.signal,
      });
      // The body is read under the same time limit.
      const text = await response.text();
      return interpretTokenResponse(response.status, text, response.headers.get('Retry-After'), this.clock.now());
    } catch (error) {
      if (controller.signal.reason instanceof TimedOut) return refused(`the token endpoint did not answer within ${Math.round(this.timeoutMs / 1000)} s`);
      const failure = await this.refusals.explain(this.options.tokenUrl, error, 'token');
      if (failure.kind === 'refused-by-browser') return refused(refusedByBrowserText(failure.origin, this.pageOrigin));
      return refused(`could not reach the token endpoint (${describeFetchError(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  private settle(answer: TokenAnswer, sentAtMs: number): string | AuthUnavailable {
    const now = this.clock.now();
    if (answer.kind === 'token') {
      // Lifetimes count from the request: the token may have been issued just before the answer.
      const lifetimeMs = answer.expiresInS * 1000;
      const expiresAtMs = sentAtMs + lifetimeMs;
      this.current = {
        value: answer.accessToken,
        obtainedAtMs: now,
        refreshAtMs: expiresAtMs - refreshMarginMs(lifetimeMs),
        usableUntilMs: expiresAtMs - expiryMarginMs(lifetimeMs),
      };
      this.backoff = null;
      return answer.accessToken;
    }
    this.failures += 1;
    const unavailable = this.startBackoff(now, answer.reason, answer.retryAfterMs);
    // A background renewal failed while the current token is still good: keep using it.
    const held = this.current;
    return held !== null && now < held.usableUntilMs ? held.value : unavailable;
  }

  private startBackoff(now: number, reason: string, retryAfterMs: number | null): AuthUnavailable {
    const doubling = Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** Math.max(0, this.failures - 1));
    const delay = retryAfterMs === null ? doubling : Math.max(doubling, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
    const unavailable: AuthUnavailable = { kind: 'auth-unavailable', reason };
    this.backoff = { untilMs: now + delay, unavailable };
    return unavailable;
  }
}

/** fetch's errors are terse ("fetch failed", "Failed to fetch"); add the cause when there is one. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  return detail !== '' && detail !== error.message ? `${error.message}: ${detail}` : error.message;
}
