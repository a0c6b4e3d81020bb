// The client assertion of NHS England's signed-JWT pattern: a JWT signed RS512 with the
// practice's private key, naming the application (iss = sub = client id, the API key), the
// token endpoint (aud) and a one-use jti, short-lived (exp).

import { base64urlFromBytes, base64urlFromText } from './base64url';

/** RSASSA-PKCS1-v1_5 with SHA-512: what the platform calls RS512. */
export const RS512_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } as const;

/**
 * exp = now + this (s). The platform refuses assertions expiring more than 5 minutes ahead by
 * ITS clock; 4 minutes leaves a minute for a practice computer's clock running ahead.
 */
export const ASSERTION_LIFETIME_S = 240;

export interface AssertionInput {
  readonly clientId: string;
  /** The token URL exactly as posted to: the platform compares aud with it. */
  readonly tokenUrl: string;
  /**
   * The aud when it is not tokenUrl: the platform's own token URL, when tokenUrl is a server of
   * the practice's that forwards to it (one origin).
   */
  readonly audience?: string;
  readonly keyId: string;
  readonly privateKey: CryptoKey;
  /** Epoch ms. */
  readonly nowMs: number;
  /** A fresh UUID: the platform refuses a jti it has seen. */
  readonly jti: string;
}

export async function signClientAssertion(input: AssertionInput): Promise<string> {
  const header = { alg: 'RS512', typ: 'JWT', kid: input.keyId };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience ?? input.tokenUrl,
    jti: input.jti,
    exp: Math.floor(input.nowMs / 1000) + ASSERTION_LIFETIME_S,
  };
  const signingInput = `${base64urlFromText(JSON.stringify(header))}.${base64urlFromText(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign(RS512_ALGORITHM, input.privateKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64urlFromBytes(new Uint8Array(signature))}`;
}

/** The token request's client_assertion_type (RFC 7523). */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
