// The loopback Spine: a development and test HTTP server on 127.0.0.1 that behaves like the
// national Summary Care Record FHIR API's POST /Bundle, gateway and service in one: the
// gateway's authentication, Quota, SpikeArrest and CORS; the service's own rules
// (src/domain/spine/, the same module the app's training Spine uses); consent; Spine's
// duplicate events (PSIS-30134); injected faults and latency. It also serves NHS England's
// signed-JWT token endpoint, and /_test/* endpoints for tests to configure it and inspect what
// it received. createSpineServer() is used by the CLI (npm run spine), the Vitest suites and
// Playwright set-up.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  applyConfigPatch,
  ConfigError,
  DEFAULT_CONFIG,
  parseConfigPatch,
  type SpineConfig,
  type SpineConfigPatch,
} from './config';
import { CorsPolicy } from './cors';
import { DedupStore, type RecordedAnswer } from './dedupStore';
import { drawFault, drawLatency, MALFORMED_BODY, MALFORMED_STATUS } from './faults';
import { checkNationalUpload } from '../../src/domain/spine/nationalUpload';
import { discardBody, FHIR_JSON, header, mediaType, readBody, send, sendJson } from './http';
import {
  duplicateEvent,
  internalServerError,
  noConsent,
  outcome,
  rateLimited,
  rejected,
  SERVICE_UNAVAILABLE_HTML,
  timedOut,
  uploaded,
  type OperationOutcome,
} from './operationOutcome';
import { GatewayLimiter } from './rateLimit';
import { sampleUploadBundle } from './sampleBundle';
import { StatsRecorder, type SpineStats } from './stats';
import { TokenAuthority, type TokenResponse } from './tokens';
import { UploadStore, type StoredUpload } from './uploadStore';
import { bundleEntries, identifierValue } from './validation/bundleFacts';
import { r4ElementCatalogue } from './validation/r4Elements';
import { checkStrictExtras } from './validation/strictR4';

export const DEFAULT_PORT = 4180;
export const HOST = '127.0.0.1';
export const TOKEN_PATH = '/oauth2/token';
/** Token requests are small forms (bytes). */
const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;

export interface SpineServerOptions extends SpineConfigPatch {
  /** TCP port on 127.0.0.1; 0 = any free port (tests). Default 4180. */
  port?: number;
  /** Origins allowed besides http://127.0.0.1:*, http://localhost:* and http://[::1]:*. */
  origins?: string[];
  /** JWKS documents ({ keys: [...] }) whose public keys are registered at start. */
  jwks?: unknown[];
  /** Receives one line per request (the CLI prints them). Silent when absent. */
  log?: (line: string) => void;
  /**
   * The time (epoch ms) the gateway's Quota and SpikeArrest and the statistics read: tests move
   * it instead of waiting. Default Date.now.
   */
  clock?: () => number;
}

export interface SpineServer {
  /** http://127.0.0.1:PORT, the FHIR base: POST {url}/Bundle. */
  url: string;
  port: number;
  bundleUrl: string;
  /** {url}/oauth2/token; also the `aud` a client assertion must carry. */
  tokenUrl: string;
  config(): SpineConfig;
  /** Changes behaviour at run time (as POST /_test/config); throws ConfigError on bad values. */
  configure(patch: SpineConfigPatch): SpineConfig;
  stats(): SpineStats;
  /** Stored uploads, all or one patient's, oldest first. */
  bundles(nhsNumber?: string): StoredUpload[];
  /** Registers a public JWK (with kid) for client assertions; returns the kid. */
  registerKey(jwk: unknown): string;
  /** Issues an access token without the JWT exchange (for tests that are not about authentication). */
  issueToken(): TokenResponse;
  /** Every token issued so far expires now. */
  expireTokens(): void;
  /** Forgets uploads, request ids, statistics and the gateway's counts; restores the start configuration. Keys and tokens stay. */
  reset(): void;
  close(): Promise<void>;
}

type Answer = RecordedAnswer & { contentType?: string; headers?: Record<string, string> };

function fhir(status: number, body: OperationOutcome, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify(body), ...(headers ? { headers } : {}) };
}

export async function createSpineServer(options: SpineServerOptions = {}): Promise<SpineServer> {
  const { port = DEFAULT_PORT, origins = [], jwks = [], log, clock = Date.now, ...patch } = options;
  const startConfig = applyConfigPatch(DEFAULT_CONFIG, patch);
  let config = startConfig;
  const cors = new CorsPolicy(() => config.cors, origins);
  const tokens = new TokenAuthority();
  for (const set of jwks) tokens.registerKeySet(set);
  const uploads = new UploadStore();
  const dedup = new DedupStore();
  const limiter = new GatewayLimiter();
  let stats = new StatsRecorder();

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

  /** The service's rules, the strict level's extras, consent, duplicate event, storage: the verdict on one upload. */
  function processUpload(req: IncomingMessage, body: string, requestId: string | null, correlationId: string | null): Answer {
    const verdict = checkNationalUpload({ contentType: header(req, 'content-type'), header: (name) => header(req, name), body }, catalogue);
    if (!verdict.ok) return fhir(verdict.status, outcome(verdict.code, verdict.text));
    const bundle: unknown = JSON.parse(body);
    if (config.level === 'strict') {
      const issues = checkStrictExtras(bundle);
      if (issues.length > 0) return fhir(400, rejected(issues));
    }
    const { nhsNumber, eventId } = verdict.facts;
    if (config.noConsentNhsNumbers.includes(nhsNumber)) return fhir(403, noConsent());
    if (uploads.findDuplicate(nhsNumber, eventId) !== null) {
      stats.psisDuplicates++;
      return fhir(400, duplicateEvent(eventId, nhsNumber));
    }
    const composition = bundleEntries(bundle).find((e) => e.resourceType === 'Composition');
    uploads.add({
      receivedAt: new Date(clock()).toISOString(),
      requestId,
      correlationId,
      nhsNumber,
      bundleIdentifier: identifierValue(bundle),
      compositionIdentifier: identifierValue(composition?.resource),
      eventId,
      bundle,
    });
    return fhir(201, uploaded());
  }

  async function postBundle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    stats.received(clock());
    const requestId = header(req, 'x-request-id');
    const correlationId = header(req, 'x-correlation-id');
    if (requestId !== null) res.setHeader('X-Request-ID', requestId);
    if (correlationId !== null) res.setHeader('X-Correlation-ID', correlationId);
    const reply = (answer: Answer, note = ''): void => {
      stats.answered(answer.status);
      send(res, answer.status, answer.body, answer.contentType ?? FHIR_JSON, answer.headers);
      log?.(`POST /Bundle ${answer.status} ${requestId ?? '-'} ${Math.round(performance.now() - started)}ms${note}`);
    };
    const refuse = (answer: Answer): void => {
      discardBody(req);
      reply(answer);
    };

    // The gateway: authentication, then its Quota and SpikeArrest.
    const auth = tokens.check(header(req, 'authorization') ?? undefined, config.acceptAnyToken);
    if (auth !== 'valid') {
      const text = { missing: 'Missing access token', unknown: 'Invalid access token', expired: 'Access token expired' }[auth];
      return refuse(fhir(401, outcome('forbidden', text), { 'WWW-Authenticate': 'Bearer error="invalid_token"' }));
    }
    const throttled = limiter.admit(clock(), { ratePerSecond: config.rateLimitPerSecond, quotaPerMinute: config.quotaPerMinute });
    if (throttled !== null) {
      const limit = throttled.policy === 'Quota' ? `${config.quotaPerMinute} per minute` : `${config.rateLimitPerSecond} per second`;
      return refuse(fhir(429, rateLimited(throttled.policy, limit), { 'Retry-After': String(throttled.retryAfterSeconds) }));
    }
    if (config.requireRequestId && requestId === null) {
      return refuse(fhir(400, outcome('value', 'X-Request-ID is required by this loopback Spine (requireRequestId; the service itself does not require it)')));
    }

    const body = await readBody(req, config.maxBodyBytes);
    if (body === null) return reply(fhir(413, outcome('invalid', 'Request Entity Too Large')));
    const text = body.toString('utf8');

    const latency = drawLatency(config.latencyMs);
    if (latency > 0) await sleep(latency);
    const fault = drawFault(config.faults);
    if (fault !== null) stats.faultsInjected[fault]++;
    if (fault === '500') return reply(fhir(500, internalServerError()), ' (fault)');
    if (fault === '503') return reply({ status: 503, body: SERVICE_UNAVAILABLE_HTML, contentType: 'text/html' }, ' (fault)');

    // The national service keeps no replay record: a resent upload is processed again (and
    // meets PSIS-30134 if it was stored). Only with replayRequestIds is there one.
    let answer: Answer;
    const replayKey = config.replayRequestIds ? requestId : null;
    const earlier = replayKey === null ? undefined : dedup.get(replayKey);
    if (earlier !== undefined) {
      stats.replayedRequestIds++;
      answer = await earlier;
    } else {
      const work = async (): Promise<Answer> => processUpload(req, text, requestId, correlationId);
      answer = replayKey === null ? await work() : await dedup.remember(replayKey, work);
    }

    if (fault === null) return reply(answer, earlier ? ' (replayed)' : '');
    // The upload was processed (stored when accepted); the client does not get the answer.
    switch (fault) {
      case '504':
        return reply(fhir(504, timedOut()), ' (fault)');
      case 'malformed':
        return reply({ status: MALFORMED_STATUS, body: MALFORMED_BODY }, ' (fault)');
      case 'reset':
        log?.(`POST /Bundle reset ${requestId ?? '-'} (fault)`);
        res.socket?.destroy();
        return;
      case 'hang':
        // Never answered: the client gives up; close() ends the connection.
        log?.(`POST /Bundle hang ${requestId ?? '-'} (fault)`);
        return;
    }
  }

  async function postToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
    if (body === null || mediaType(req) !== 'application/x-www-form-urlencoded') {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Expected a application/x-www-form-urlencoded body' });
    }
    // The assertion's aud is the token URL as the client addressed it (localhost or 127.0.0.1).
    const audiences = [tokenUrl, `http://${header(req, 'host') ?? ''}${TOKEN_PATH}`];
    const result = tokens.exchange(new URLSearchParams(body.toString('utf8')), audiences, config.clientId, config.tokenLifetimeSeconds);
    if (result.status === 200) stats.tokensIssued++;
    log?.(`POST ${TOKEN_PATH} ${result.status}${result.status === 200 ? '' : ` ${result.body.error_description}`}`);
    sendJson(res, result.status, result.body);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const body = await readBody(req, config.maxBodyBytes);
    if (body === null) throw new ConfigError('body too large');
    const text = body.toString('utf8').trim();
    try {
      return text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      throw new ConfigError('body is not JSON');
    }
  }

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

  /** /_test/* endpoints: the same operations as the SpineServer methods. */
  async function testEndpoint(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> {
    const route = `${req.method ?? ''} ${path}`;
    try {
      switch (route) {
        case 'GET /_test/stats':
          sendJson(res, 200, api.stats());
          return true;
        case 'GET /_test/config':
          sendJson(res, 200, api.config());
          return true;
        case 'POST /_test/config':
          sendJson(res, 200, api.configure(parseConfigPatch(await readJson(req))));
          return true;
        case 'POST /_test/reset':
          discardBody(req);
          api.reset();
          sendJson(res, 200, { reset: true });
          return true;
        case 'POST /_test/expire-tokens':
          discardBody(req);
          api.expireTokens();
          sendJson(res, 200, { expired: true });
          return true;
        case 'POST /_test/register-key': {
          const jwk = await readJson(req);
          const kids = typeof jwk === 'object' && jwk !== null && 'keys' in jwk ? tokens.registerKeySet(jwk) : [api.registerKey(jwk)];
          sendJson(res, 201, { registered: kids });
          return true;
        }
        case 'GET /_test/bundles': {
          const nhsNumber = query.get('nhsNumber');
          sendJson(res, 200, { bundles: api.bundles(nhsNumber ?? undefined) });
          return true;
        }
        default:
          return false;
      }
    } catch (error) {
      if (error instanceof ConfigError || route === 'POST /_test/register-key') {
        sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
        return true;
      }
      throw error;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors.handlesPreflight(req)) return cors.preflight(req, res);
    cors.apply(req, res);
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    if (pathname === '/Bundle') {
      if (req.method === 'POST') return postBundle(req, res);
      discardBody(req);
      return send(res, 405, JSON.stringify(outcome('not-supported', `${req.method ?? ''} /Bundle is not supported here`)), FHIR_JSON, { Allow: 'POST' });
    }
    if (pathname === TOKEN_PATH && req.method === 'POST') return postToken(req, res);
    if (pathname.startsWith('/_test/') && (await testEndpoint(req, res, pathname, searchParams))) return;
    discardBody(req);
    send(res, 404, JSON.stringify(outcome('not-found', `No route for ${req.method ?? ''} ${pathname}`)), FHIR_JSON);
  }

  return api;
}
