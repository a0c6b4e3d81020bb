// POST /Bundle, the upload: the gateway (authentication, then Quota and SpikeArrest), the
// injected latency and faults, then the service's verdict (its own rules from
// src/domain/spine/, the strict level's extras, consent, Spine's duplicate events) and storage.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkNationalUpload } from '../../src/domain/spine/nationalUpload';
import { drawFault, drawLatency, MALFORMED_BODY, MALFORMED_STATUS } from './faults';
import { discardBody, FHIR_JSON, header, readBody, send } from './http';
import { duplicateEvent, internalServerError, noConsent, outcome, rateLimited, rejected, SERVICE_UNAVAILABLE_HTML, timedOut, uploaded } from './operationOutcome';
import { fhir, type Answer, type SpineContext } from './spineContext';
import { bundleEntries, identifierValue } from './validation/bundleFacts';
import { checkStrictExtras } from './validation/strictR4';

/** The service's rules, the strict level's extras, consent, duplicate event, storage: the verdict on one upload. */
function processUpload(ctx: SpineContext, req: IncomingMessage, body: string, requestId: string | null, correlationId: string | null): Answer {
  const config = ctx.config();
  const verdict = checkNationalUpload({ contentType: header(req, 'content-type'), header: (name) => header(req, name), body }, ctx.catalogue);
  if (!verdict.ok) return fhir(verdict.status, outcome(verdict.code, verdict.text));
  const bundle: unknown = JSON.parse(body);
  if (config.level === 'strict') {
    const issues = checkStrictExtras(bundle);
    if (issues.length > 0) return fhir(400, rejected(issues));
  }
  const { nhsNumber, eventId } = verdict.facts;
  if (config.noConsentNhsNumbers.includes(nhsNumber)) return fhir(403, noConsent());
  if (ctx.uploads.findDuplicate(nhsNumber, eventId) !== null) {
    ctx.stats().psisDuplicates++;
    return fhir(400, duplicateEvent(eventId, nhsNumber));
  }
  const composition = bundleEntries(bundle).find((e) => e.resourceType === 'Composition');
  ctx.uploads.add({
    receivedAt: new Date(ctx.clock()).toISOString(),
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

export async function postBundle(ctx: SpineContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { log } = ctx;
  const config = ctx.config();
  const stats = ctx.stats();
  const started = performance.now();
  stats.received(ctx.clock());
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
  const auth = ctx.tokens.check(header(req, 'authorization') ?? undefined, config.acceptAnyToken);
  if (auth !== 'valid') {
    const text = { missing: 'Missing access token', unknown: 'Invalid access token', expired: 'Access token expired' }[auth];
    return refuse(fhir(401, outcome('forbidden', text), { 'WWW-Authenticate': 'Bearer error="invalid_token"' }));
  }
  const throttled = ctx.limiter.admit(ctx.clock(), { ratePerSecond: config.rateLimitPerSecond, quotaPerMinute: config.quotaPerMinute });
  if (throttled !== null) {
    const limit = throttled.policy === 'Quota' ? `${config.quotaPerMinute} per minute` : `${config.rateLimitPerSecond} per second`;
    return refuse(fhir(429, rateLimited(throttled.policy, limit), config.retryAfter ? { 'Retry-After': String(throttled.retryAfterSeconds) } : {}));
  }
  if (config.requireRequestId && requestId === null) {
    return refuse(fhir(400, outcome('value', 'X-Request-ID is required by this loopback Spine (requireRequestId; the service itself does not require it)')));
  }

  const body = await readBody(req, config.maxBodyBytes);
  if (body === null) return reply(fhir(413, outcome('invalid', 'Request Entity Too Large')));
  const text = body.toString('utf8');

  const latency = drawLatency(config.latencyMs);
  if (latency > 0) await ctx.sleep(latency);
  const fault = drawFault(config.faults);
  if (fault !== null) stats.faultsInjected[fault]++;
  if (fault === '500') return reply(fhir(500, internalServerError()), ' (fault)');
  if (fault === '503') return reply({ status: 503, body: SERVICE_UNAVAILABLE_HTML, contentType: 'text/html' }, ' (fault)');

  // The national service keeps no replay record: a resent upload is processed again (and
  // meets PSIS-30134 if it was stored). Only with replayRequestIds is there one.
  let answer: Answer;
  const replayKey = config.replayRequestIds ? requestId : null;
  const earlier = replayKey === null ? undefined : ctx.dedup.get(replayKey);
  if (earlier !== undefined) {
    stats.replayedRequestIds++;
    answer = await earlier;
  } else {
    const work = async (): Promise<Answer> => processUpload(ctx, req, text, requestId, correlationId);
    answer = replayKey === null ? await work() : await ctx.dedup.remember(replayKey, work);
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
