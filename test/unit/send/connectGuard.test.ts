// The worker's own connect-src: only the configured origins are ever contacted.

import { describe, expect, it } from 'vitest';
import { BlockedOrigin, guardedFetch } from '../../../src/worker/send/connectGuard';

describe('guardedFetch', () => {
  const calls: string[] = [];
  const base: typeof fetch = (input) => {
    calls.push(input instanceof Request ? input.url : String(input));
    return Promise.resolve(new Response('ok', { status: 201 }));
  };

  it('passes requests to a configured origin through, path and query included', async () => {
    calls.length = 0;
    const f = guardedFetch(['https://spine.example.nhs.uk', 'http://127.0.0.1:4180'], base);
    expect((await f('https://spine.example.nhs.uk/FHIR/R4/Bundle', { method: 'POST' })).status).toBe(201);
    expect((await f(new Request('http://127.0.0.1:4180/oauth2/token'))).status).toBe(201);
    expect(calls).toEqual(['https://spine.example.nhs.uk/FHIR/R4/Bundle', 'http://127.0.0.1:4180/oauth2/token']);
  });

  it('refuses any other origin (another host, scheme or port) without making the request', async () => {
    calls.length = 0;
    const f = guardedFetch(['https://spine.example.nhs.uk'], base);
    for (const url of ['https://evil.example.org/Bundle', 'http://spine.example.nhs.uk/Bundle', 'https://spine.example.nhs.uk:8443/Bundle', 'not a url']) {
      await expect(f(url)).rejects.toBeInstanceOf(BlockedOrigin);
    }
    await expect(guardedFetch([], base)('https://spine.example.nhs.uk/Bundle')).rejects.toThrow('is not one of the endpoints in Settings');
    expect(calls).toEqual([]);
  });
});
