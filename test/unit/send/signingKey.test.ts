// The signing key store: a non-extractable RS512 key pair made with WebCrypto, stored in the
// settings table as CryptoKeys (fake-indexeddb structured-clones them as browsers do), loaded
// back able to sign, its public half exported as the JWK/JWKS to register, and replaced.

import 'fake-indexeddb/auto';
import { createPublicKey, verify } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScrDatabase } from '../../../src/db/database';
import { jwksDocument, jwksText } from '../../../src/domain/settings/publicKey';
import { RS512_ALGORITHM } from '../../../src/worker/send/clientAssertion';
import {
  generateSigningKey,
  loadSigningKey,
  publicSigningJwk,
  replaceSigningKey,
  saveSigningKey,
  SIGNING_KEY_BITS,
  SIGNING_KEY_SETTING,
  signingKeyInfo,
  type StoredSigningKey,
} from '../../../src/worker/send/signingKey';
import { freshDatabase } from './support';

const clock = { now: () => Date.UTC(2026, 2, 14, 9, 30) };
let key: StoredSigningKey;
let db: ScrDatabase | null = null;

beforeAll(async () => {
  key = await generateSigningKey(clock);
});
afterEach(async () => {
  await db?.delete();
  db = null;
});

function openDb(): ScrDatabase {
  db = freshDatabase('signing-key');
  return db;
}

async function signs(stored: StoredSigningKey): Promise<boolean> {
  const data = new TextEncoder().encode('header.claims');
  const signature = await crypto.subtle.sign(RS512_ALGORITHM, stored.keyPair.privateKey, data);
  const publicKey = createPublicKey({ key: { ...(await publicSigningJwk(stored)) }, format: 'jwk' });
  return verify('sha512', data, publicKey, new Uint8Array(signature));
}

describe('generateSigningKey', () => {
  it('makes an RSA 4096 RS512 pair whose private key cannot be exported', async () => {
    expect(SIGNING_KEY_BITS).toBe(4096);
    expect(key.keyPair.privateKey.extractable).toBe(false);
    expect(key.keyPair.privateKey.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096, hash: { name: 'SHA-512' } });
    for (const format of ['jwk', 'pkcs8'] as const) await expect(crypto.subtle.exportKey(format, key.keyPair.privateKey)).rejects.toThrow();
    expect(key.createdAt).toBe('2026-03-14T09:30:00.000Z');
    expect(key.kid).toMatch(/^scr-upload-2026-03-14-[A-Za-z0-9_-]{12}$/);
    expect(await signs(key)).toBe(true);
  });

  it('names each key after its own public key', async () => {
    const other = await generateSigningKey(clock);
    expect(other.kid).not.toBe(key.kid);
  });
});

describe('publicSigningJwk', () => {
  it('is the public key only, with kid, alg RS512 and use sig', async () => {
    const jwk = await publicSigningJwk(key);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(jwk).toMatchObject({ kty: 'RSA', e: 'AQAB', kid: key.kid, alg: 'RS512', use: 'sig' });
    expect(Buffer.from(jwk.n, 'base64url').length).toBe(512);
    expect(jwksDocument(jwk)).toEqual({ keys: [jwk] });
    expect(JSON.parse(jwksText(jwk))).toEqual({ keys: [jwk] });
    expect((await signingKeyInfo(key)).jwk).toEqual(jwk);
  });
});

describe('the key store', () => {
  it('round-trips the key pair through the settings table, still able to sign and still not extractable', async () => {
    const database = openDb();
    expect(await loadSigningKey(database)).toBeNull();
    await saveSigningKey(database, key);
    const row = await database.settings.get(SIGNING_KEY_SETTING);
    expect(row?.value).toMatchObject({ kid: key.kid, createdAt: key.createdAt });

    const loaded = await loadSigningKey(database);
    expect(loaded?.kid).toBe(key.kid);
    expect(loaded?.createdAt).toBe(key.createdAt);
    if (loaded === null) throw new Error('not loaded');
    expect(loaded.keyPair.privateKey).toBeInstanceOf(CryptoKey);
    expect(loaded.keyPair.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', loaded.keyPair.privateKey)).rejects.toThrow();
    expect(await publicSigningJwk(loaded)).toEqual(await publicSigningJwk(key));
    expect(await signs(loaded)).toBe(true);
  });

  it('replaces the stored key with a new one', async () => {
    const database = openDb();
    await saveSigningKey(database, key);
    const replacement = await replaceSigningKey(database, clock);
    expect(replacement.kid).not.toBe(key.kid);
    expect((await loadSigningKey(database))?.kid).toBe(replacement.kid);
    expect(await database.settings.count()).toBe(1);
  });

  it('treats anything else under the key as no key', async () => {
    const database = openDb();
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, false, ['sign', 'verify']);
    const shapes: unknown[] = [
      null,
      'a string',
      { kid: '', createdAt: key.createdAt, keyPair: key.keyPair },
      { kid: 'k', createdAt: key.createdAt },
      { kid: 'k', createdAt: key.createdAt, keyPair: { privateKey: key.keyPair.publicKey, publicKey: key.keyPair.publicKey } },
      { kid: 'k', createdAt: key.createdAt, keyPair: { privateKey: hmac, publicKey: key.keyPair.publicKey } },
    ];
    for (const value of shapes) {
      await database.settings.put({ key: SIGNING_KEY_SETTING, value });
      expect(await loadSigningKey(database)).toBeNull();
    }
  });
});
