// What the token endpoint's answer means, in words a practice administrator can act on. Pure:
// the HTTP exchange is in signedJwtAuth.ts. Reasons quote the platform's OAuth error (RFC 6749
// section 5.2) but never a token or the assertion.

import { parseRetryAfter } from '../../domain/sending/retryAfter';

export type TokenAnswer =
  | { readonly kind: 'token'; readonly accessToken: string; /** Lifetime from issue (s). */ readonly expiresInS: number }
  | { readonly kind: 'refused'; readonly reason: string; /** The endpoint's Retry-After (ms), if any. */ readonly retryAfterMs: number | null };

/** Longest piece of server text quoted in a reason (characters). */
const MAX_QUOTE = 200;

/** Anything shaped like a JWT or a long opaque token, should a server echo one back. */
const SECRET_LIKE = /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{40,}/g;

function quote(text: string): string {
  const flat = text.replace(SECRET_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;

/** The platform sends expires_in as a string ("599"); a number is accepted too. */
function seconds(value: unknown): number | null {
  const n = typeof value === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** "invalid_client: Unable to verify JWT signature", or null when the body is not an OAuth error. */
function oauthError(body: unknown): string | null {
  const error = field(body, 'error');
  if (typeof error !== 'string' || error === '') return null;
  const description = field(body, 'error_description');
  return typeof description === 'string' && description.trim() !== '' ? `${quote(error)}: ${quote(description)}` : quote(error);
}

export function interpretTokenResponse(status: number, bodyText: string, retryAfter: string | null, nowMs: number): TokenAnswer {
  const body = parseJson(bodyText);
  const refused = (reason: string): TokenAnswer => ({ kind: 'refused', reason, retryAfterMs: parseRetryAfter(retryAfter, nowMs) });
  if (status === 200) {
    if (body === undefined) return refused('the token endpoint answered with something that is not a token (not JSON)');
    const accessToken = field(body, 'access_token');
    if (typeof accessToken !== 'string' || accessToken.trim() === '') return refused('the token endpoint answered without an access token');
    const expiresInS = seconds(field(body, 'expires_in'));
    if (expiresInS === null) return refused('the token endpoint answered without a usable expiry (expires_in)');
    return { kind: 'token', accessToken: accessToken.trim(), expiresInS };
  }
  const oauth = oauthError(body);
  if (status === 401 || field(body, 'error') === 'invalid_client') {
    return refused(`the token endpoint refused the signing key or client id (${oauth ?? `HTTP ${status}`}): check that this computer's public key and key id are registered for this application`);
  }
  if (status >= 400 && status < 500 && oauth !== null) return refused(`the token endpoint refused the request (${oauth})`);
  if (status === 404) return refused('the token endpoint was not found (HTTP 404): check the token URL');
  if (status === 429) return refused('the token endpoint is limiting requests (HTTP 429)');
  if (status >= 500 && status < 600) return refused(`the token endpoint is not working at the moment (HTTP ${status})`);
  return refused(`the token endpoint gave an unexpected answer (HTTP ${status})${oauth === null ? '' : ` (${oauth})`}`);
}
