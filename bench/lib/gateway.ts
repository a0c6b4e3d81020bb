// The national API gateway's rate limits in front of the loopback Spine, for the sending
// benchmark: HTTPS and HTTP/2 as the national API is served, the SpikeArrest and the Quota
// applied where Apigee applies them, as each request arrives at the gateway (the loopback Spine's
// own GatewayLimiter, src/domain/spine/gatewayLimits.ts), and everything admitted passed on to the Spine
// (whose own limits are off) over kept-alive HTTP/1.1 connections.
//
// Why not the Spine's own limiter: the Spine time-stamps a request when its event loop gets to
// it, and that loop also validates every upload (strict R4: up to 150 ms each on a busy machine)
// and, in the benchmark, drives the browser. Measured there, requests were stamped a median of
// 20 ms and up to 260 ms after the app sent them, so two sent 280 ms apart could be stamped 130
// ms apart: 429s that Apigee, which does nothing else and is not on the practice PC, would not
// send. Run in a process of its own (gatewayProcess.ts) this gateway's event loop waits for
// requests and nothing else.

import { Agent, request } from 'node:http';
import { constants, createSecureServer, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EXPOSED_HEADERS } from '../../test/spine/cors';
import { rateLimited } from '../../test/spine/operationOutcome';
import { GatewayLimiter, type GatewayLimits } from '../../src/domain/spine/gatewayLimits';

export interface GatewayOptions extends GatewayLimits {
  /** The Spine's base URL (http://127.0.0.1:PORT). */
  readonly targetUrl: string;
  /** PEM key and certificate for https://127.0.0.1. */
  readonly key: string;
  readonly cert: string;
}

export interface GatewayStats {
  /** POST /Bundle requests that reached the gateway. */
  readonly received: number;
  readonly spikeArrests: number;
  readonly quotaRefusals: number;
  /** The smallest gap between two POST /Bundle arrivals (ms), admitted or not; null before two. */
  readonly smallestGapMs: number | null;
  /** Arrivals less than 210 ms after the one before (at 5/s: within 5% of the SpikeArrest). */
  readonly gapsUnder210Ms: number;
  /**
   * How late the gateway's event loop ran what was ready (ms: 99th percentile and longest, at
   * 10 ms resolution): a loop held up stamps arrivals that much late, as Apigee's would not.
   */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

/** One POST /Bundle as it reached the gateway: its X-Request-ID and when (epoch ms). */
export interface Arrival {
  readonly requestId: string;
  readonly at: number;
  readonly admitted: boolean;
}

export interface Gateway {
  /** https://127.0.0.1:PORT: the base URL to give the app. */
  readonly url: string;
  stats(): GatewayStats;
  /** Every POST /Bundle so far, in arrival order. */
  arrivals(): readonly Arrival[];
  close(): Promise<void>;
}

/** Headers that describe one hop's connection, not the message (RFC 9113 section 8.2.2). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'http2-settings', 'te']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':') || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const target = new URL(options.targetUrl);
  const limits: GatewayLimits = { ratePerSecond: options.ratePerSecond, quotaPerMinute: options.quotaPerMinute };
  const limiter = new GatewayLimiter();
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const server = createSecureServer({ key: options.key, cert: options.cert, allowHTTP1: false });
  const sessions = new Set<Http2Session>();
  let received = 0;
  let spikeArrests = 0;
  let quotaRefusals = 0;
  let lastArrival: number | null = null;
  let smallestGapMs: number | null = null;
  let gapsUnder210Ms = 0;
  const arrivals: Arrival[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  /**
   * The gateway's own 429, readable by the page (it echoes the page's origin). No Retry-After:
   * the live gateway sends none (test/spine/config.ts retryAfter).
   */
  const refuse = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, policy: 'SpikeArrest' | 'Quota'): void => {
    stream.resume();
    const origin = headers.origin;
    const limit = policy === 'Quota' ? `${limits.quotaPerMinute} per minute` : `${limits.ratePerSecond} per second`;
    stream.respond({
      [constants.HTTP2_HEADER_STATUS]: 429,
      'content-type': 'application/fhir+json',
      ...(typeof origin === 'string' ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(', '), vary: 'Origin' } : {}),
    });
    stream.end(JSON.stringify(rateLimited(policy, limit)));
  };

  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const method = String(headers[':method'] ?? 'GET');
    const path = String(headers[':path'] ?? '/');
    if (method === 'POST' && new URL(path, 'https://gateway').pathname.endsWith('/Bundle')) {
      const now = Date.now();
      received++;
      if (lastArrival !== null) {
        const gap = now - lastArrival;
        smallestGapMs = smallestGapMs === null ? gap : Math.min(smallestGapMs, gap);
        if (gap < 210) gapsUnder210Ms++;
      }
      lastArrival = now;
      const throttled = limiter.admit(now, limits);
      arrivals.push({ requestId: String(headers['x-request-id'] ?? ''), at: now, admitted: throttled === null });
      if (throttled !== null) {
        if (throttled.policy === 'Quota') quotaRefusals++;
        else spikeArrests++;
        refuse(stream, headers, throttled.policy);
        return;
      }
    }
    const upstream = request({ host: target.hostname, port: target.port, method, path, headers: forwardable(headers), agent }, (response) => {
      if (stream.destroyed) return response.resume();
      stream.respond({ ...forwardable(response.headers), [constants.HTTP2_HEADER_STATUS]: response.statusCode ?? 502 });
      response.pipe(stream);
    });
    // A reset or an unfinished answer from the Spine reaches the browser as a reset stream; a
    // stream closed with an error (the browser went away, the gateway closing) is expected.
    upstream.on('error', () => {
      if (!stream.destroyed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    stream.on('error', () => upstream.destroy());
    stream.on('close', () => upstream.destroy());
    stream.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    stats: () => ({ received, spikeArrests, quotaRefusals, smallestGapMs, gapsUnder210Ms, loopDelayP99Ms: nsToMs(loopDelay.percentile(99)), loopDelayMaxMs: nsToMs(loopDelay.max) }),
    arrivals: () => arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        loopDelay.disable();
        agent.destroy();
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

const nsToMs = (ns: number): number => Math.round(ns / 1e5) / 10;
