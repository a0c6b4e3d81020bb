// The training Spine: a transport that answers inside the browser, with no network, like the
// national API does, so a practice can rehearse the whole upload (and a demo practice finishes in
// minutes). It has the national behaviours the app must cope with:
//   - the national service's own rules for an upload (src/domain/spine/, the same module the
//     loopback Spine applies, with the upload path's R4 element table): a message the service
//     would refuse is refused here with the service's words, so training can never accept what
//     the service refuses;
//   - the national gateway's limits (src/domain/spine/gatewayLimits.ts, the module the loopback
//     Spine applies): SpikeArrest, one request per 1000/rate ms as they arrive, and a Quota of 60
//     × rate per calendar minute; 429 without Retry-After (as the live gateway), nothing processed;
//   - latency, uniform between min and max (ms);
//   - occasional 503 with an HTML body (before processing: nothing stored) and 504 (after
//     processing: stored, the client just does not hear it);
//   - 403 for patients without consent: 9111231130 (the national sandbox's) and, so that a demo
//     shows some, every 999-range test number whose digits 7-8 are "13" (about 1 in 100);
//   - duplicates as Spine has them: the same event id (Composition.identifier) for the same
//     patient again is 400 PSIS-30134, whatever the X-Request-ID. Like the national service it
//     keeps no replay record, so a retry after a 504 meets PSIS-30134: the message is on Spine.
// State lives in memory (Maps). Deterministic given the random source and the arrival order.

import { GatewayLimiter, type GatewayLimits } from '../../domain/spine/gatewayLimits';
import { checkNationalUpload, type UploadRequest } from '../../domain/spine/nationalUpload';
import { R4_UPLOAD_ELEMENTS } from '../../domain/spine/r4UploadElements';
import type { Clock } from '../ports';
import type { Sleeper } from './sleeper';
import type { OutgoingMessage, Transport, TransportResponse } from './transport';

export interface TrainingSpineOptions {
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  /** Uniform in [0, 1): latency and fault draws, two per admitted request, in arrival order. */
  readonly random: () => number;
  /** The gateway's rate (SpikeArrest, and a Quota of 60 × it a minute); 0 = unlimited. Default 5, as the national API. */
  readonly ratePerSecond?: number;
  /** Added to every admitted request (ms). Default 50-300. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Probability per admitted request (0..1). Defaults 0.01 and 0.01. */
  readonly fault503Rate?: number;
  readonly fault504Rate?: number;
  /** Patients answered 403 besides the 999-range rule. Default the sandbox's 9111231130. */
  readonly noConsentNhsNumbers?: readonly string[];
}

export interface TrainingSpineStats {
  readonly requestsReceived: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Always 0: like the national service, the training Spine keeps no replay record by X-Request-ID. */
  readonly replayedRequestIds: number;
  /** Uploads refused as PSIS-30134 duplicate events (already stored). */
  readonly psisDuplicates: number;
  /** Stored uploads per NHS number: every patient should be there exactly once. */
  readonly storedNhsNumbers: Readonly<Record<string, number>>;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

const FHIR_JSON = 'application/fhir+json';
/**
 * The NHSD-Session-URID a training upload carries: the service requires the header, and training
 * has no role session. (Whether the app sends the configured one to a real Spine is the HTTP
 * transport's business.)
 */
const TRAINING_SESSION_URID = '000000000000';
const SERVICE_UNAVAILABLE_HTML =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n';

/** A 999-range test number whose 7th and 8th digits are "13" has no consent in training. */
export function trainingHasNoConsent(nhsNumber: string, extra: readonly string[]): boolean {
  return extra.includes(nhsNumber) || (nhsNumber.startsWith('999') && nhsNumber.slice(6, 8) === '13');
}

function operationOutcome(severity: 'error' | 'information', code: string, texts: readonly string[]): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: texts.map((text) => ({ severity, code, details: { text } })) });
}

/** The upload as the HTTP transport would send it to the national service. */
function uploadRequest(message: OutgoingMessage): UploadRequest {
  const headers: Readonly<Record<string, string>> = {
    'x-request-id': message.requestId,
    'x-correlation-id': message.correlationId,
    'nhsd-session-urid': TRAINING_SESSION_URID,
  };
  return { contentType: FHIR_JSON, header: (name) => headers[name.toLowerCase()] ?? null, body: message.body };
}

export class TrainingSpineTransport implements Transport {
  private readonly limits: GatewayLimits;
  private readonly latency: { readonly min: number; readonly max: number };
  private readonly fault503: number;
  private readonly fault504: number;
  private readonly noConsent: readonly string[];
  private readonly limiter = new GatewayLimiter();
  /** Stored events: NHS number -> event ids (upper case). */
  private readonly stored = new Map<string, string[]>();
  private received = 0;
  private duplicates = 0;
  private readonly byStatus: Record<string, number> = {};

  constructor(private readonly options: TrainingSpineOptions) {
    const rate = options.ratePerSecond ?? 5;
    this.limits = { ratePerSecond: rate, quotaPerMinute: rate * 60 };
    this.latency = options.latencyMs ?? { min: 50, max: 300 };
    this.fault503 = options.fault503Rate ?? 0.01;
    this.fault504 = options.fault504Rate ?? 0.01;
    this.noConsent = options.noConsentNhsNumbers ?? ['9111231130'];
    if (this.latency.min < 0 || this.latency.min > this.latency.max) throw new RangeError('latency must have 0 <= min <= max');
    if (this.fault503 < 0 || this.fault504 < 0 || this.fault503 + this.fault504 > 1) throw new RangeError('fault rates must be 0..1 and add up to at most 1');
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<TransportResponse> {
    this.received++;
    const arrivedAt = this.options.clock.now();
    const throttled = this.limiter.admit(arrivedAt, this.limits);
    if (throttled !== null) {
      return this.answer({ status: 429, body: operationOutcome('error', 'throttled', [`You have exceeded your application's rate limit (${throttled.policy})`]) });
    }
    const latencyMs = this.latency.min + this.options.random() * (this.latency.max - this.latency.min);
    const fault = this.options.random();
    if (latencyMs > 0) await this.options.sleeper.sleep(latencyMs, signal);
    if (signal.aborted) return { kind: 'network-error', message: 'cancelled' };
    if (fault < this.fault503) return this.answer({ status: 503, body: SERVICE_UNAVAILABLE_HTML }, 'text/html');

    const answer = this.process(message);
    if (fault < this.fault503 + this.fault504) {
      // Processed (and stored if accepted); this client just does not hear about it.
      return this.answer({ status: 504, body: operationOutcome('error', 'transient', ['Request processing timed out. Spine POST + polling GET has timed out']) });
    }
    return this.answer(answer);
  }

  stats(): TrainingSpineStats {
    const storedNhsNumbers: Record<string, number> = {};
    for (const [nhsNumber, ids] of this.stored) storedNhsNumbers[nhsNumber] = ids.length;
    return { requestsReceived: this.received, byStatus: { ...this.byStatus }, replayedRequestIds: 0, psisDuplicates: this.duplicates, storedNhsNumbers };
  }

  /** The service's rules, then consent, then Spine's duplicate check, then storage. */
  private process(message: OutgoingMessage): Answer {
    const verdict = checkNationalUpload(uploadRequest(message), R4_UPLOAD_ELEMENTS);
    if (!verdict.ok) return { status: verdict.status, body: operationOutcome('error', verdict.code, [verdict.text]) };
    const { nhsNumber, eventId } = verdict.facts;
    if (trainingHasNoConsent(nhsNumber, this.noConsent)) {
      return { status: 403, body: operationOutcome('error', 'forbidden', ["There's no patient's consent to store SCR"]) };
    }
    const events = this.stored.get(nhsNumber) ?? [];
    if (events.includes(eventId)) {
      this.duplicates++;
      return { status: 400, body: operationOutcome('error', 'invalid', [`[PSIS-30134] - Duplicate event with eventId ${eventId} and nhsNumber ${nhsNumber}.`]) };
    }
    this.stored.set(nhsNumber, [...events, eventId]);
    return { status: 201, body: operationOutcome('information', 'informational', ['SCR successfully uploaded']) };
  }

  private answer(answer: Answer, contentType = FHIR_JSON): TransportResponse {
    this.byStatus[String(answer.status)] = (this.byStatus[String(answer.status)] ?? 0) + 1;
    return { kind: 'response', status: answer.status, headers: { retryAfter: null, contentType }, bodyText: answer.body };
  }
}
