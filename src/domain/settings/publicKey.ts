// The public half of the practice's signing key, as registered with NHS England's API platform:
// a JWK (RFC 7517) with the kid the client assertions name, inside a JWKS document. Shared by the
// worker (which makes it) and the settings screen (which shows it for copying).

export interface PublicSigningJwk {
  readonly kty: 'RSA';
  /** Modulus, base64url. */
  readonly n: string;
  /** Public exponent, base64url. */
  readonly e: string;
  readonly kid: string;
  readonly alg: 'RS512';
  readonly use: 'sig';
}

export interface Jwks {
  readonly keys: readonly PublicSigningJwk[];
}

/** What the settings screen shows about the stored key. */
export interface SigningKeyInfo {
  readonly kid: string;
  /** ISO instant. */
  readonly createdAt: string;
  readonly jwk: PublicSigningJwk;
}

export function jwksDocument(jwk: PublicSigningJwk): Jwks {
  return { keys: [jwk] };
}

/** The JWKS as a file for the platform: pretty-printed JSON. */
export function jwksText(jwk: PublicSigningJwk): string {
  return `${JSON.stringify(jwksDocument(jwk), null, 2)}\n`;
}
