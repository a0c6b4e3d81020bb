// HTTPS over HTTP/1.1 in front of the loopback Spine, for nginx to forward to: nginx speaks
// HTTP/1.1 to the servers behind it, and test/spine/http2Front.ts takes HTTP/2 only (as a
// browser reaches the national API). It serves the Spine's FHIR base under the national API's
// path (`fhirPath`, e.g. /summary-care-record/FHIR/R4), so the deployment is configured exactly
// as for the national API; every other path (the token endpoint) is passed as it is. Requests
// go to the Spine's own server over kept-alive connections; its answers come back as they are.

import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SelfSignedCertificate } from '../spine/selfSignedCertificate';

export interface HttpsFront {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Headers that describe one hop's connection, not the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export async function startHttpsFront(targetUrl: string, tls: SelfSignedCertificate, fhirPath: string): Promise<HttpsFront> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = req.url ?? '/';
    const path = url.startsWith(`${fhirPath}/`) ? url.slice(fhirPath.length) : url;
    const upstream = request(
      // The Host header goes on as nginx sent it (the national API's host name, here 127.0.0.1:PORT).
      { host: target.hostname, port: target.port, method: req.method, path, headers: forwardable(req.headers), agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    // A reset from the Spine (its `reset` fault) reaches nginx as a reset connection.
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
