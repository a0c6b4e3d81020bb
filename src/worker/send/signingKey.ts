// The practice's signing key for application-restricted authentication: an RSA 4096 RS512 key
// pair made with WebCrypto whose PRIVATE key is non-extractable, so no script (this app's
// included) can read it out; it can only be used to sign, here. The CryptoKeyPair is stored as
// it is (IndexedDB structured-clones CryptoKeys) in the settings table under SIGNING_KEY_SETTING,
// with its kid and creation time. Only the public key ever leaves, as a JWK to register.
//
// Replacing the key makes the old registration useless: the new public key must be registered
// before the next token request succeeds.

import type { ScrDatabase } from '../../db/database';
import type { PublicSigningJwk, SigningKeyInfo } from '../../domain/settings/publicKey';
import type { Clock } from '../ports';
import { base64urlFromBytes } from './base64url';
import { RS512_ALGORITHM } from './clientAssertion';

export const SIGNING_KEY_SETTING = 'signing-key';
/** Modulus (bits). About 0.2-2 s to generate in Node and browsers; done once per practice. */
export const SIGNING_KEY_BITS = 4096;

export interface StoredSigningKey {
  readonly kid: string;
  /** ISO instant. */
  readonly createdAt: string;
  readonly keyPair: CryptoKeyPair;
}

const RSA_EXPONENT_65537 = new Uint8Array([1, 0, 1]);

/** A new key pair (private key non-extractable) named `scr-upload-YYYY-MM-DD-<thumbprint prefix>`. */
export async function generateSigningKey(clock: Clock): Promise<StoredSigningKey> {
  const keyPair = await crypto.subtle.generateKey(
    { ...RS512_ALGORITHM, modulusLength: SIGNING_KEY_BITS, publicExponent: RSA_EXPONENT_65537 },
    false,
    ['sign', 'verify'],
  );
  const createdAt = new Date(clock.now()).toISOString();
  const thumbprint = await jwkThumbprint(keyPair.publicKey);
  return { kid: `scr-upload-${createdAt.slice(0, 10)}-${thumbprint.slice(0, 12)}`, createdAt, keyPair };
}

/** The stored key, or null when there is none (or what is stored is not a usable RS512 key pair). */
export async function loadSigningKey(db: ScrDatabase): Promise<StoredSigningKey | null> {
  const row = await db.settings.get(SIGNING_KEY_SETTING);
  return row === undefined ? null : asStoredSigningKey(row.value);
}

export async function saveSigningKey(db: ScrDatabase, key: StoredSigningKey): Promise<void> {
  await db.settings.put({ key: SIGNING_KEY_SETTING, value: key });
}

/** Makes a new key and stores it in place of any old one. */
export async function replaceSigningKey(db: ScrDatabase, clock: Clock): Promise<StoredSigningKey> {
  const key = await generateSigningKey(clock);
  await saveSigningKey(db, key);
  return key;
}

/** The public key to register: kty, n, e, kid, alg RS512, use sig (nothing else). */
export async function publicSigningJwk(key: StoredSigningKey): Promise<PublicSigningJwk> {
  const { n, e } = await rsaPublicParts(key.keyPair.publicKey);
  return { kty: 'RSA', n, e, kid: key.kid, alg: 'RS512', use: 'sig' };
}

export async function signingKeyInfo(key: StoredSigningKey): Promise<SigningKeyInfo> {
  return { kid: key.kid, createdAt: key.createdAt, jwk: await publicSigningJwk(key) };
}

async function rsaPublicParts(publicKey: CryptoKey): Promise<{ n: string; e: string }> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new TypeError('not an RSA public key');
  return { n: jwk.n, e: jwk.e };
}

/** RFC 7638 thumbprint (SHA-256 of the canonical e, kty, n), base64url. */
async function jwkThumbprint(publicKey: CryptoKey): Promise<string> {
  const { n, e } = await rsaPublicParts(publicKey);
  const canonical = JSON.stringify({ e, kty: 'RSA', n });
  return base64urlFromBytes(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))));
}

function isRs512Key(value: unknown, type: KeyType, usage: KeyUsage): value is CryptoKey {
  if (!(value instanceof CryptoKey) || value.type !== type || !value.usages.includes(usage)) return false;
  const algorithm: { name?: string; hash?: { name?: string } } = value.algorithm;
  return algorithm.name === RS512_ALGORITHM.name && algorithm.hash?.name === RS512_ALGORITHM.hash;
}

function asStoredSigningKey(value: unknown): StoredSigningKey | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kid, createdAt, keyPair } = value as Partial<Record<keyof StoredSigningKey, unknown>>;
  if (typeof kid !== 'string' || kid === '' || typeof createdAt !== 'string' || typeof keyPair !== 'object' || keyPair === null) return null;
  const { privateKey, publicKey } = keyPair as Partial<Record<keyof CryptoKeyPair, unknown>>;
  if (!isRs512Key(privateKey, 'private', 'sign') || !isRs512Key(publicKey, 'public', 'verify')) return null;
  return { kid, createdAt, keyPair: { privateKey, publicKey } };
}
