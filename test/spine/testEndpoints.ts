// /_test/* endpoints, for tests in another process (the browser tests) to configure the
// loopback Spine and inspect what it received: the same operations as the SpineServer methods.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, parseConfigPatch } from './config';
import { discardBody, readBody, sendJson } from './http';
import type { SpineServer } from './serverApi';

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBody(req, maxBytes);
  if (body === null) throw new ConfigError('body too large');
  const text = body.toString('utf8').trim();
  try {
    return text === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new ConfigError('body is not JSON');
  }
}

/** Answers a /_test/* request; false when there is no such endpoint (the caller answers 404). */
export async function testEndpoint(api: SpineServer, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> {
  const route = `${req.method ?? ''} ${path}`;
  const maxBytes = api.config().maxBodyBytes;
  try {
    switch (route) {
      case 'GET /_test/stats':
        sendJson(res, 200, api.stats());
        return true;
      case 'GET /_test/config':
        sendJson(res, 200, api.config());
        return true;
      case 'POST /_test/config':
        sendJson(res, 200, api.configure(parseConfigPatch(await readJson(req, maxBytes))));
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
        const jwk = await readJson(req, maxBytes);
        const kids = typeof jwk === 'object' && jwk !== null && 'keys' in jwk ? api.registerKeySet(jwk) : [api.registerKey(jwk)];
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
