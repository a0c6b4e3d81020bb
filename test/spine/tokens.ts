// Application-restricted authentication as NHS England's API platform does it ("signed JWT"):
// the client posts a JWT client assertion signed with its private key to the token endpoint
// (OAuth 2.0 client credentials), the platform verifies it against the registered public key
// and issues a short-lived bearer token. Verification uses node:crypto only.

import { createPublicKey, randomBytes, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { asString, isObject, type JsonObject } from './validation/bundleFacts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The platform refuses assertions that expire more than 5 minutes ahead (s). */
export const MAX_ASSERTION_LIFETIME_S = 300;
/** Allowance for the client's clock running a little ahead (s). */
const CLOCK_SKEW_S = 5;

// JWS algorithms accepted: the platform's RS512, plus RS256 and ES256.
const ALGORITHMS: Record<string, { hash: string; keyType: 'rsa' | 'ec' }> = {
  RS512: { hash: 'sha512', keyType: 'rsa' },
  RS256: { hash: 'sha256', keyType: 'rsa' },
  ES256: { hash: 'sha256', keyType: 'ec' },
};

/** 200 body; NHS England's platform sends expires_in and issued_at as strings. */
export interface TokenResponse {
  access_token: string;
  expires_in: string;
  token_type: 'Bearer';
  issued_at: string;
}

/** 400/401 body, as OAuth 2.0 (RFC 6749 section 5.2). */
export interface TokenError {
  error: 'invalid_request' | 'unsupported_grant_type' | 'invalid_client';
  error_description: string;
}

export type TokenExchange = { status: 200; body: TokenResponse } | { status: 400 | 401; body: TokenError };

export type BearerCheck = 'valid' | 'missing' | 'unknown' | 'expired';

function decodeSegment(segment: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export class TokenAuthority {
  /** `clock`: the time (epoch ms) tokens and assertions are checked against; tests move it instead of waiting. */
  constructor(private readonly clock: () => number = Date.now) {}

  private readonly keys = new Map<string, KeyObject>();
  /** jti values already used, with the time they may be forgotten (ms). */
  private readonly usedJti = new Map<string, number>();
  /** Issued access tokens and their expiry (ms). */
  private readonly tokens = new Map<string, number>();

  /** Registers a public key (a JWK with `kid`); returns the kid. Throws if it is not a usable public key. */
  registerKey(jwk: unknown): string {
    if (!isObject(jwk)) throw new Error('a JWK must be a JSON object');
    const kid = asString(jwk['kid']);
    if (kid === null || kid === '') throw new Error('the JWK has no "kid"');
    if ('d' in jwk) throw new Error('that is a private key: register the public key only');
    this.keys.set(kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
    return kid;
  }

  /** Registers every key of a JWKS document ({ keys: [...] }); returns their kids. */
  registerKeySet(jwks: unknown): string[] {
    const keys = isObject(jwks) ? jwks['keys'] : undefined;
    if (!Array.isArray(keys)) throw new Error('a JWKS must be an object with a "keys" list');
    return keys.map((key: unknown) => this.registerKey(key));
  }

  /**
   * The token endpoint. `audiences` are the token URLs the assertion's `aud` may name (the
   * URL as the client addressed it). `clientId`: when not null, iss and sub must equal it.
   */
  exchange(form: URLSearchParams, audiences: string[], clientId: string | null, lifetimeS: number, now = this.clock()): TokenExchange {
    const fail = (status: 400 | 401, error: TokenError['error'], description: string): TokenExchange => ({
      status,
      body: { error, error_description: description },
    });
    const grantType = form.get('grant_type');
    if (grantType === null) return fail(400, 'invalid_request', 'grant_type is missing');
    if (grantType !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'grant_type is invalid');
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      return fail(400, 'invalid_request', `Missing or invalid client_assertion_type - must be '${CLIENT_ASSERTION_TYPE}'`);
    }
    const assertion = form.get('client_assertion');
    if (assertion === null || assertion === '') return fail(400, 'invalid_request', 'Missing client_assertion');

    const parts = assertion.split('.');
    const header = parts.length === 3 ? decodeSegment(parts[0] ?? '') : null;
    const claims = parts.length === 3 ? decodeSegment(parts[1] ?? '') : null;
    if (header === null || claims === null) return fail(400, 'invalid_request', 'Malformed JWT in client_assertion');

    const alg = asString(header['alg']) ?? '';
    const algorithm = ALGORITHMS[alg];
    if (algorithm === undefined) return fail(400, 'invalid_request', "Invalid 'alg' header in JWT - unsupported JWT algorithm - must be 'RS512'");
    const kid = asString(header['kid']);
    if (kid === null) return fail(400, 'invalid_request', "Missing 'kid' header in JWT");
    const key = this.keys.get(kid);
    if (key === undefined) return fail(401, 'invalid_request', "Invalid 'kid' header in JWT - no matching public key");
    if (key.asymmetricKeyType !== algorithm.keyType) return fail(401, 'invalid_request', `The key '${kid}' cannot verify ${alg}`);
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2] ?? '', 'base64url');
    // JWS ES256 signatures are r||s (IEEE P1363), not DER.
    const verified = verify(algorithm.hash, signed, algorithm.keyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
    if (!verified) return fail(401, 'invalid_request', 'Unable to verify JWT signature');

    const iss = asString(claims['iss']);
    const sub = asString(claims['sub']);
    if (iss === null || sub === null || iss !== sub || iss === '') return fail(401, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in JWT");
    if (clientId !== null && iss !== clientId) return fail(401, 'invalid_client', "Invalid 'iss'/'sub' claims in JWT - unknown client id");
    const aud = claims['aud'];
    const audList = Array.isArray(aud) ? aud : [aud];
    if (!audList.some((a) => typeof a === 'string' && audiences.includes(a))) {
      return fail(401, 'invalid_request', "Missing or invalid 'aud' claim in JWT");
    }
    const jti = asString(claims['jti']);
    if (jti === null || jti === '') return fail(400, 'invalid_request', "Missing 'jti' claim in JWT");
    const exp = claims['exp'];
    if (typeof exp !== 'number') return fail(400, 'invalid_request', "Missing 'exp' claim in JWT");
    const nowS = now / 1000;
    if (exp <= nowS) return fail(400, 'invalid_request', "Invalid 'exp' claim in JWT - JWT has expired");
    if (exp > nowS + MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S) {
      return fail(400, 'invalid_request', "Invalid 'exp' claim in JWT - more than 5 minutes in future");
    }
    this.forgetOldJti(now);
    if (this.usedJti.has(jti)) return fail(400, 'invalid_request', "Non-unique 'jti' claim in JWT");
    this.usedJti.set(jti, exp * 1000);

    return { status: 200, body: this.issue(lifetimeS, now) };
  }

  /** A new access token valid for `lifetimeS` seconds. */
  issue(lifetimeS: number, now = this.clock()): TokenResponse {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + lifetimeS * 1000);
    return { access_token: token, expires_in: String(lifetimeS), token_type: 'Bearer', issued_at: String(now) };
  }

  /** Checks an Authorization header. `acceptAny`: any non-empty bearer token is valid. */
  check(authorization: string | undefined, acceptAny: boolean, now = this.clock()): BearerCheck {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) return 'missing';
    if (acceptAny) return 'valid';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return now < expiresAt ? 'valid' : 'expired';
  }

  /** Every token issued so far expires now (the "login expired" test hook). */
  expireAll(now = this.clock()): number {
    for (const [token, expiresAt] of this.tokens) this.tokens.set(token, Math.min(expiresAt, now));
    return this.tokens.size;
  }

  private forgetOldJti(now: number): void {
    for (const [jti, until] of this.usedJti) if (until < now) this.usedJti.delete(jti);
  }
}
