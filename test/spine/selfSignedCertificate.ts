// A throwaway TLS certificate for 127.0.0.1, made with the system's openssl when asked for (test
// and benchmark use only; nothing is stored in the repository). With it the loopback Spine can be
// reached over HTTPS and HTTP/2, as the national API is; the browser is told to accept exactly
// this key by its SPKI hash (Chromium's --ignore-certificate-errors-spki-list).

import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  /** PEM. */
  readonly key: string;
  readonly cert: string;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo, for Chromium's SPKI allow list. */
  readonly spkiSha256: string;
}

export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'scr-loopback-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const key = readFileSync(keyPath, 'utf8');
    const cert = readFileSync(certPath, 'utf8');
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    return { key, cert, spkiSha256: createHash('sha256').update(spki).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
