// `npm run spine` flags: parsing into server options, clear refusals, and one real start of
// the CLI on an ephemeral port.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../spine/cliArgs';

describe('spine CLI flags', () => {
  it('defaults to port 4180 and the default configuration', () => {
    expect(parseCli([])).toEqual({ port: 4180, origins: [], jwks: [], quiet: false, help: false });
  });

  it('maps every flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spine-cli-'));
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ kty: 'EC', kid: 'k1' }] }));
    const options = parseCli([
      '--port', '4181', '--level', 'strict', '--cors', 'open', '--origin', 'http://192.168.1.10:4173/', '--origin', 'https://scr.example.nhs.uk',
      '--jwks', jwksFile, '--client-id', 'api-key', '--accept-any-token', '--token-lifetime', '60', '--rate-limit', '10',
      '--quota-per-minute', '600', '--replay-request-ids',
      '--no-consent', '9111231130, 9000000009', '--latency', '20-80', '--fault-500', '0.1', '--fault-503', '0.05',
      '--fault-504', '0.05', '--fault-hang', '0.01', '--fault-reset', '0.01', '--fault-malformed', '0.02',
      '--optional-request-id', '--max-body-bytes', '100000', '--quiet',
    ]);
    expect(options).toEqual({
      port: 4181,
      level: 'strict',
      cors: 'open',
      quotaPerMinute: 600,
      replayRequestIds: true,
      origins: ['http://192.168.1.10:4173', 'https://scr.example.nhs.uk'],
      jwks: [{ keys: [{ kty: 'EC', kid: 'k1' }] }],
      clientId: 'api-key',
      acceptAnyToken: true,
      tokenLifetimeSeconds: 60,
      rateLimitPerSecond: 10,
      noConsentNhsNumbers: ['9111231130', '9000000009'],
      latencyMs: { min: 20, max: 80 },
      faults: { '500': 0.1, '503': 0.05, '504': 0.05, hang: 0.01, reset: 0.01, malformed: 0.02 },
      requireRequestId: false,
      maxBodyBytes: 100000,
      quiet: true,
      help: false,
    });
    expect(parseCli(['--latency', '50']).latencyMs).toEqual({ min: 50, max: 50 });
    expect(parseCli(['--require-request-id']).requireRequestId).toBe(true);
    expect(parseCli(['--level', 'national', '--cors', 'live'])).toMatchObject({ level: 'national', cors: 'live' });
    expect(parseCli(['--port', '0']).port).toBe(0);
  });

  it('refuses bad flags with a message', () => {
    const cases: [string[], RegExp][] = [
      [['--prot', '4181'], /Unknown option '--prot'/],
      [['--level', 'lax'], /level must be "national" or "strict"/],
      [['--level', 'contract'], /level must be "national" or "strict"/],
      [['--cors', 'closed'], /cors must be "live" or "open"/],
      [['--quota-per-minute', 'lots'], /--quota-per-minute needs a number/],
      [['--quota-per-minute=-5'], /quotaPerMinute must be a number from 0/],
      [['--optional-request-id', '--require-request-id'], /contradict/],
      [['--port', 'eighty'], /--port needs a number/],
      [['--port', '70000'], /--port must be 0\.\.65535/],
      [['--latency', '80-20'], /min must not exceed/],
      [['--latency', 'fast'], /--latency needs MS or MIN-MAX/],
      [['--fault-500', '0.8', '--fault-504', '0.5'], /add up to 1\.3/],
      [['--fault-hang', '2'], /faults\.hang must be a number from 0 to 1/],
      [['--no-consent', '12345'], /ten-digit/],
      [['--origin', 'localhost'], /--origin needs a URL/],
      [['--jwks', '/nonexistent/jwks.json'], /--jwks \/nonexistent\/jwks\.json/],
      [['4181'], /unexpected argument "4181"/],
    ];
    for (const [argv, message] of cases) expect(() => parseCli(argv), argv.join(' ')).toThrow(message);
  });

  it('starts the server and prints its URL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/spine/cli.ts', '--port', '0', '--quiet', '--accept-any-token'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`spine exited with ${code}: ${out}`)));
      });
      const stats = await fetch(`${url}/_test/stats`);
      expect(stats.status).toBe(200);
      expect(await stats.json()).toMatchObject({ requestsReceived: 0 });
      const config = await fetch(`${url}/_test/config`);
      expect(await config.json()).toMatchObject({ level: 'national', cors: 'live', rateLimitPerSecond: 5, quotaPerMinute: 300, replayRequestIds: false });
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);

  it('exits with status 2 on a bad flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/spine/cli.ts', '--level', 'lax'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('spine: level must be "national" or "strict"');
    expect(err).toContain('Usage: npm run spine');
  }, 20_000);
});
