// POST /oauth2/token: NHS England's signed-JWT token exchange (the checks are in tokens.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, mediaType, readBody, sendJson } from './http';
import { TOKEN_PATH, type SpineContext } from './spineContext';

/** Token requests are small forms (bytes). */
const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;

export async function postToken(ctx: SpineContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
  if (body === null || mediaType(req) !== 'application/x-www-form-urlencoded') {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Expected a application/x-www-form-urlencoded body' });
  }
  const config = ctx.config();
  // The assertion's aud is the token URL as the client addressed it (localhost or 127.0.0.1).
  const audiences = [ctx.tokenUrl, `http://${header(req, 'host') ?? ''}${TOKEN_PATH}`];
  const result = ctx.tokens.exchange(new URLSearchParams(body.toString('utf8')), audiences, config.clientId, config.tokenLifetimeSeconds);
  if (result.status === 200) ctx.stats().tokensIssued++;
  ctx.log?.(`POST ${TOKEN_PATH} ${result.status}${result.status === 200 ? '' : ` ${result.body.error_description}`}`);
  sendJson(res, result.status, result.body);
}
