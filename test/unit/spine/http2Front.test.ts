// HTTPS/HTTP2 in front of the loopback Spine: many uploads multiplexed on one connection reach
// the Spine and come back with its answers; its CORS preflight passes through.

import { randomUUID } from 'node:crypto';
import { connect, constants } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttp2Front, type Http2Front } from '../../spine/http2Front';
import { sampleUploadBundle } from '../../spine/sampleBundle';
import { makeSelfSignedCertificate } from '../../spine/selfSignedCertificate';
import { startSpine } from './spineHelpers';
import type { SpineServer } from '../../spine/server';

const open: (Http2Front | SpineServer)[] = [];
afterEach(async () => {
  for (const s of open.splice(0).reverse()) await s.close();
});

function h2Request(url: string, headers: Record<string, string>, body: string | null): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const client = connect(url, { rejectUnauthorized: false });
    client.on('error', reject);
    const req = client.request(headers);
    let text = '';
    let status = 0;
    let responseHeaders: Record<string, unknown> = {};
    req.setEncoding('utf8');
    req.on('response', (h) => {
      status = Number(h[constants.HTTP2_HEADER_STATUS]);
      responseHeaders = { ...h };
    });
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      client.close();
      resolve({ status, headers: responseHeaders, text });
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

describe('the loopback Spine over HTTPS and HTTP/2', () => {
  it('passes uploads through and returns the Spine\'s answers; each upload is stored once', async () => {
    const spine = await startSpine({ rateLimitPerSecond: 0, cors: 'open' });
    open.push(spine);
    const front = await startHttp2Front(spine.url, makeSelfSignedCertificate());
    open.push(front);
    expect(front.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const token = spine.issueToken().access_token;
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        h2Request(front.url, {
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: '/Bundle',
          'content-type': 'application/fhir+json',
          authorization: `Bearer ${token}`,
          'x-request-id': randomUUID(),
          'x-correlation-id': randomUUID(),
          'nhsd-session-urid': '555254240100',
        }, JSON.stringify(sampleUploadBundle())),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(spine.stats().bundlesStored).toBe(3);

    const preflight = await h2Request(front.url, { [constants.HTTP2_HEADER_METHOD]: 'OPTIONS', [constants.HTTP2_HEADER_PATH]: '/Bundle', origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-request-id' }, null);
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4173');
  });
});
