// HTTPS and HTTP/2 in front of the loopback Spine, as the national API is served: each stream is
// passed to the Spine's HTTP/1.1 server over a pool of kept-alive connections with no per-host
// limit. Over plain HTTP/1.1 a browser opens at most 6 connections per host, so with answers
// taking seconds it could never keep 20 requests in flight; over HTTP/2 it multiplexes them.

import { Agent, request } from 'node:http';
import { constants, createSecureServer, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { SelfSignedCertificate } from './selfSignedCertificate';

export interface Http2Front {
  /** https://127.0.0.1:PORT: use it where the Spine's own url would go. */
  readonly url: string;
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

export async function startHttp2Front(targetUrl: string, tls: SelfSignedCertificate): Promise<Http2Front> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: false });
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: String(headers[':method'] ?? 'GET'), path: String(headers[':path'] ?? '/'), headers: forwardable(headers), agent },
      (response) => {
        if (stream.destroyed) return response.resume();
        stream.respond({ ...forwardable(response.headers), [constants.HTTP2_HEADER_STATUS]: response.statusCode ?? 502 });
        response.pipe(stream);
      },
    );
    // A reset or an unfinished answer from the Spine reaches the browser as a reset stream.
    upstream.on('error', () => {
      if (!stream.destroyed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    // A stream closed with an error code emits 'error': expected here (the browser went away,
    // the Spine reset the connection, or the front is closing), not a fault of the front.
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
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        // Open sessions would keep the server open: end them.
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
