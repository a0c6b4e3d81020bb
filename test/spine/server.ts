// The loopback Spine: a development and test HTTP server on 127.0.0.1 that behaves like the
// national Summary Care Record FHIR API's POST /Bundle, gateway and service in one: the
// gateway's authentication, Quota, SpikeArrest and CORS; the service's own rules
// (src/domain/spine/, the same module the app's training Spine uses); consent; Spine's
// duplicate events (PSIS-30134); injected faults and latency. It also serves NHS England's
// signed-JWT token endpoint, and /_test/* endpoints for tests to configure it and inspect what
// it received. createSpineServer() is used by the CLI (npm run spine), the Vitest suites,
// Playwright set-up and the benchmarks.
//
// This file wires the pieces and routes requests; each endpoint is a module of its own
// (bundleEndpoint.ts, tokenEndpoint.ts, testEndpoints.ts) over one shared context.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as realSleep } from 'node:timers/promises';
import { applyConfigPatch, DEFAULT_CONFIG, type SpineConfig } from './config';
import { CorsPolicy } from './cors';
import { DedupStore } from './dedupStore';
import { discardBody, FHIR_JSON, send } from './http';
import { internalServerError, outcome } from './operationOutcome';
import { postBundle } from './bundleEndpoint';
import { GatewayLimiter } from '../../src/domain/spine/gatewayLimits';
import { sampleUploadBundle } from './sampleBundle';
import type { SpineServer, SpineServerOptions } from './serverApi';
import { TOKEN_PATH, type SpineContext } from './spineContext';
import { StatsRecorder } from './stats';
import { testEndpoint } from './testEndpoints';
import { postToken } from './tokenEndpoint';
import { TokenAuthority } from './tokens';
import { UploadStore } from './uploadStore';
import { r4ElementCatalogue } from './validation/r4Elements';
import { checkStrictExtras } from './validation/strictR4';

export type { SpineServer, SpineServerOptions } from './serverApi';
export { TOKEN_PATH } from './spineContext';

export const DEFAULT_PORT = 4180;
export const HOST = '127.0.0.1';

export async function createSpineServer(options: SpineServerOptions = {}): Promise<SpineServer> {
  const { port = DEFAULT_PORT, origins = [], jwks = [], log, clock = Date.now, sleep = (ms: number) => realSleep(ms), ...patch } = options;
  const startConfig = applyConfigPatch(DEFAULT_CONFIG, patch);
  let config = startConfig;
  let stats = new StatsRecorder();
  const cors = new CorsPolicy(() => config.cors, origins);
  const tokens = new TokenAuthority(clock);
  for (const set of jwks) tokens.registerKeySet(set);
  const uploads = new UploadStore();
  const dedup = new DedupStore();
  const limiter = new GatewayLimiter();

  // Read the R4 element catalogue now (milliseconds), and load the strict level's definitions and
  // schemas (about a second) when that level is configured, rather than during the first upload,
  // whose client may be timing it.
  const catalogue = r4ElementCatalogue();
  const warmStrict = (level: SpineConfig['level']): void => {
    if (level === 'strict') checkStrictExtras(sampleUploadBundle());
  };
  warmStrict(config.level);

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log?.(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify(internalServerError()), FHIR_JSON);
      else res.destroy();
    });
  });
  // Keep idle connections a minute (Node's default is 5 s). A client in the same process, as in
  // the unit tests, reuses a kept-alive connection by its own timers: when the event loop has
  // been busy for seconds (loading the strict level's definitions on a loaded machine), both
  // timers fire late and the server's close would race the client's next request (ECONNRESET).
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${actualPort}`;
  const tokenUrl = `${url}${TOKEN_PATH}`;

  const ctx: SpineContext = { config: () => config, stats: () => stats, tokens, limiter, uploads, dedup, catalogue, clock, sleep, tokenUrl, log };

  const api: SpineServer = {
    url,
    port: actualPort,
    bundleUrl: `${url}/Bundle`,
    tokenUrl,
    config: () => structuredClone(config),
    configure(next) {
      config = applyConfigPatch(config, next);
      warmStrict(config.level);
      return structuredClone(config);
    },
    stats: () => stats.snapshot(uploads.size, uploads.counts()),
    bundles: (nhsNumber) => uploads.list(nhsNumber),
    registerKey: (jwk) => tokens.registerKey(jwk),
    registerKeySet: (set) => tokens.registerKeySet(set),
    issueToken() {
      stats.tokensIssued++;
      return tokens.issue(config.tokenLifetimeSeconds);
    },
    expireTokens: () => void tokens.expireAll(),
    reset() {
      uploads.clear();
      dedup.clear();
      limiter.clear();
      stats = new StatsRecorder();
      config = startConfig;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors.handlesPreflight(req)) return cors.preflight(req, res);
    cors.apply(req, res);
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    if (pathname === '/Bundle') {
      if (req.method === 'POST') return postBundle(ctx, req, res);
      discardBody(req);
      return send(res, 405, JSON.stringify(outcome('not-supported', `${req.method ?? ''} /Bundle is not supported here`)), FHIR_JSON, { Allow: 'POST' });
    }
    if (pathname === TOKEN_PATH && req.method === 'POST') return postToken(ctx, req, res);
    if (pathname.startsWith('/_test/') && (await testEndpoint(api, req, res, pathname, searchParams))) return;
    discardBody(req);
    send(res, 404, JSON.stringify(outcome('not-found', `No route for ${req.method ?? ''} ${pathname}`)), FHIR_JSON);
  }

  return api;
}
