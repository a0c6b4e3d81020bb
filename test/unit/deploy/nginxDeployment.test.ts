// The one-origin deployment (deploy/nginx/) run for real: Debian's nginx with the configuration
// render.sh makes, in front of a recording HTTPS server standing in for the national API. What
// the API would see: exactly the two forwarded requests, at the national paths, with only the
// API's request headers and nothing of nginx's own; everything else refused by nginx; the
// upstream's certificate verified. What the browser would see: the app's Content Security
// Policy (connect-src narrowed to the origin) and the service worker's caching headers.
// Needs nginx (scripts/ensure-nginx.sh, which `npm test` runs).

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../../vite.config';
import { makeSelfSignedCertificate, type SelfSignedCertificate } from '../../spine/selfSignedCertificate';
import { NGINX_PATH, startNginx, type RunningNginx } from '../../support/nginx';

const run = promisify(execFile);
const RENDER = 'deploy/nginx/render.sh';
const FHIR_PATH = '/summary-care-record/FHIR/R4';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** An HTTPS server that records every request and answers as the API does. */
async function startRecordingApi(tls: SelfSignedCertificate): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/oauth2/token') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=gateway' }).end('{"access_token":"t","expires_in":"599","token_type":"Bearer"}');
        return;
      }
      res.writeHead(429, { 'Content-Type': 'application/fhir+json', 'Retry-After': '2', 'X-Request-ID': String(req.headers['x-request-id'] ?? '') }).end('{"resourceType":"OperationOutcome"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, received };
}

/** curl through nginx (asynchronous: the recording API lives in this process). */
async function curl(args: readonly string[]): Promise<{ status: number; headers: string; body: string }> {
  const { stdout } = await run('curl', ['-sk', '-D', '-', '--max-time', '20', ...args], { encoding: 'utf8' });
  const split = stdout.indexOf('\r\n\r\n');
  const headers = stdout.slice(0, split);
  return { status: Number(/^HTTP\/\S+ ([0-9]{3})/.exec(headers)?.[1] ?? 0), headers, body: stdout.slice(split + 4) };
}

function renderSite(env: Record<string, string>): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('bash', [RENDER], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    return { ok: false, out: stderr };
  }
}

const SITE: Record<string, string> = {
  SCR_SERVER_NAME: 'scr.practice.example',
  SCR_TLS_CERTIFICATE: '/etc/ssl/certs/scr.pem',
  SCR_TLS_CERTIFICATE_KEY: '/etc/ssl/private/scr.key',
  SCR_APP_ROOT: '/var/www/scr-upload',
  SCR_UPSTREAM_HOST: 'int.api.service.nhs.uk',
};

describe('deploy/nginx/render.sh', () => {
  it('fills in the settings, with the national paths and the system CA bundle by default', () => {
    const { ok, out } = renderSite(SITE);
    expect(ok, out).toBe(true);
    expect(out).not.toMatch(/\{\{/);
    expect(out).toContain('server int.api.service.nhs.uk:443;');
    expect(out).toContain('proxy_set_header Host int.api.service.nhs.uk;');
    expect(out).toContain('proxy_ssl_name int.api.service.nhs.uk;');
    expect(out).toContain(`proxy_pass https://scr_national_api${FHIR_PATH}/Bundle;`);
    expect(out).toContain('proxy_pass https://scr_national_api/oauth2/token;');
    expect(out).toContain('proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;');
    expect(out).toContain('listen 443 ssl http2;');
  });

  it('reads a settings file, the environment winning; refuses unknown settings and values that could add directives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scr-render-'));
    try {
      const file = join(dir, 'settings.env');
      writeFileSync(file, `# a comment\n${Object.entries(SITE).map(([k, v]) => `${k}="${v}"`).join('\n')}\nSCR_UPSTREAM_PORT=8443\n`);
      const fromFile = execFileSync('bash', [RENDER, file], { env: { PATH: process.env.PATH ?? '', SCR_LISTEN: '127.0.0.1:9443' }, encoding: 'utf8' });
      expect(fromFile).toContain('server int.api.service.nhs.uk:8443;');
      expect(fromFile).toContain('proxy_set_header Host int.api.service.nhs.uk:8443;');
      expect(fromFile).toContain('listen 127.0.0.1:9443 ssl http2;');

      writeFileSync(file, 'SCR_UPSTREAM=evil\n');
      expect(() => execFileSync('bash', [RENDER, file], { stdio: 'pipe' })).toThrow(/unknown setting SCR_UPSTREAM/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const [name, value] of [
      ['SCR_UPSTREAM_HOST', 'api.example; proxy_pass http://elsewhere'],
      ['SCR_UPSTREAM_FHIR_PATH', '/FHIR/R4/'],
      ['SCR_APP_ROOT', 'relative/dist'],
      ['SCR_SERVER_NAME', 'a.example\n}'],
      ['SCR_LISTEN', '443 default_server'],
    ] as const) {
      const { ok, out } = renderSite({ ...SITE, [name]: value });
      expect(ok, `${name}=${value}`).toBe(false);
      expect(out).toContain(name);
    }
    const missing = renderSite({ ...SITE, SCR_UPSTREAM_HOST: '' });
    expect(missing.ok).toBe(false);
    expect(missing.out).toContain('SCR_UPSTREAM_HOST is not set');
  });

  it('sends the app\'s Content Security Policy with connect-src narrowed to the origin', () => {
    const policy = viteConfig.preview?.headers?.['Content-Security-Policy'];
    expect(typeof policy).toBe('string');
    const narrowed = String(policy).replace(/connect-src [^;]*/, "connect-src 'self'");
    const { out } = renderSite(SITE);
    expect(out).toContain(`add_header Content-Security-Policy "${narrowed}" always;`);
  });
});

describe('nginx in front of the national API', () => {
  const tls = makeSelfSignedCertificate();
  const appDir = mkdtempSync(join(tmpdir(), 'scr-app-'));
  let api: Awaited<ReturnType<typeof startRecordingApi>>;
  let nginx: RunningNginx;

  beforeAll(async () => {
    execFileSync(NGINX_PATH, ['-v'], { stdio: 'ignore' });
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(appDir, 'sw.js'), '// service worker');
    api = await startRecordingApi(tls);
    nginx = await startNginx({ appRoot: appDir, upstreamHost: '127.0.0.1', upstreamPort: api.port, upstreamCa: tls.cert, tls });
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise<void>((resolve) => (api ? api.server.close(() => resolve()) : resolve()));
    rmSync(appDir, { recursive: true, force: true });
  });

  it('forwards an upload to the national path with only the API\'s headers, and its answer as it is', async () => {
    api.received.length = 0;
    const body = '{"resourceType":"Bundle","type":"document"}';
    const answer = await curl([
      '-X', 'POST', `${nginx.origin}/spine/fhir/Bundle`,
      '-H', 'Content-Type: application/fhir+json', '-H', 'Accept: application/fhir+json',
      '-H', 'Authorization: Bearer the-token', '-H', 'X-Request-ID: 0c1f6b5e-2f1a-4c55-9d3c-6f1d2b3a4c5d',
      '-H', 'X-Correlation-ID: 7b2e1c4d-3a5f-4e6b-8c7d-9e0f1a2b3c4d', '-H', 'NHSD-Session-URID: 555254240100',
      '-H', 'Cookie: practice=secret', '-H', 'Origin: https://elsewhere.example', '-H', 'X-Forwarded-For: 10.0.0.1', '-H', 'X-Api-Key: not-for-the-api',
      '--data-binary', body,
    ]);
    expect(answer.status).toBe(429);
    expect(answer.headers).toMatch(/^retry-after: 2$/im);
    expect(answer.headers).toMatch(/^x-request-id: 0c1f6b5e-2f1a-4c55-9d3c-6f1d2b3a4c5d$/im);
    expect(answer.body).toBe('{"resourceType":"OperationOutcome"}');
    expect(api.received).toHaveLength(1);
    const [got] = api.received;
    expect(got?.method).toBe('POST');
    expect(got?.path).toBe(`${FHIR_PATH}/Bundle`);
    expect(got?.body).toBe(body);
    expect(got?.headers).toEqual({
      host: `127.0.0.1:${api.port}`,
      'content-length': String(body.length),
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      authorization: 'Bearer the-token',
      'x-request-id': '0c1f6b5e-2f1a-4c55-9d3c-6f1d2b3a4c5d',
      'x-correlation-id': '7b2e1c4d-3a5f-4e6b-8c7d-9e0f1a2b3c4d',
      'nhsd-session-urid': '555254240100',
    });
  });

  it('forwards the token exchange\'s form body, and keeps the gateway\'s cookies off this origin', async () => {
    api.received.length = 0;
    const form = 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c';
    const answer = await curl(['-X', 'POST', `${nginx.origin}/spine/token`, '-H', 'Content-Type: application/x-www-form-urlencoded', '-H', 'Accept: application/json', '--data-binary', form]);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('"access_token":"t"');
    expect(answer.headers).not.toMatch(/^set-cookie:/im);
    expect(api.received.map((r) => [r.method, r.path, r.body, r.headers['content-type'], r.headers.authorization])).toEqual([
      ['POST', '/oauth2/token', form, 'application/x-www-form-urlencoded', undefined],
    ]);
  });

  it('forwards nothing else: other paths, methods and query strings are refused by nginx', async () => {
    api.received.length = 0;
    const refused = await Promise.all([
      curl(['-X', 'GET', `${nginx.origin}/spine/fhir/Bundle`]),
      curl(['-X', 'OPTIONS', `${nginx.origin}/spine/fhir/Bundle`]),
      curl(['-X', 'POST', `${nginx.origin}/spine/fhir/DocumentReference`, '--data', '{}']),
      curl(['-X', 'POST', `${nginx.origin}/spine/fhir/Bundle?_format=xml`, '--data', '{}']),
      curl(['-X', 'GET', `${nginx.origin}/spine/token`]),
      curl(['-X', 'POST', `${nginx.origin}/spine/`, '--data', '{}']),
      curl(['-X', 'POST', `${nginx.origin}/spine/https://elsewhere.example/`, '--data', '{}']),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 404, 404, 403, 404, 404]);
    expect(api.received).toEqual([]);
  });

  it('serves the app with its policy and the service worker revalidated on every load', async () => {
    const page = await curl([`${nginx.origin}/some/deep/link`]);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers).toMatch(/^content-security-policy: .*connect-src 'self'; frame-ancestors 'none'$/im);
    const sw = await curl([`${nginx.origin}/sw.js`]);
    expect(sw.headers).toMatch(/^cache-control: no-cache$/im);
    expect(sw.headers).toMatch(/^content-security-policy: /im);
  });

  it('verifies the API\'s certificate: one the CA bundle does not trust gets nothing forwarded', async () => {
    const other = makeSelfSignedCertificate();
    const untrusting = await startNginx({ appRoot: appDir, upstreamHost: '127.0.0.1', upstreamPort: api.port, upstreamCa: other.cert, tls });
    try {
      api.received.length = 0;
      const answer = await curl(['-X', 'POST', `${untrusting.origin}/spine/token`, '--data', 'grant_type=client_credentials']);
      expect(answer.status).toBe(502);
      expect(api.received).toEqual([]);
      expect(untrusting.logs()).toMatch(/upstream SSL certificate verify error/);
    } finally {
      await untrusting.stop();
    }
  });
});
