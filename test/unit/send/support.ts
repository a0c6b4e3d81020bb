// Test doubles for the sender: virtual time (a Clock and a Sleeper that jump forward instead of
// waiting), realistic outbox rows built from the demo practice, a scripted transport that
// records what it was sent, and a helper that waits for a condition without wall-clock limits
// on the outcome.

import 'fake-indexeddb/auto';
import { ScrDatabase } from '../../../src/db/database';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import { demoPracticeIdentity } from '../../../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED, generatePatient } from '../../../src/demo/generatePatients';
import { checkEligibility } from '../../../src/domain/eligibility';
import { buildSummaryBundle } from '../../../src/domain/summary/buildBundle';
import { demoAuthor } from '../../../src/domain/author/demoAuthor';
import { TRAINING_FULL_URL_BASE } from '../../../src/domain/summary/messageBody';
import type { Clock } from '../../../src/worker/ports';
import type { Sleeper } from '../../../src/worker/send/sleeper';
import type { OutgoingMessage, Transport, TransportResponse } from '../../../src/worker/send/transport';

let dbCounter = 0;
export function freshDatabase(prefix: string): ScrDatabase {
  dbCounter += 1;
  return new ScrDatabase(`${prefix}-${process.pid}-${dbCounter}-${Math.random().toString(36).slice(2, 8)}`);
}

/** 2026-01-01T00:00:00Z: virtual time starts here. */
export const START_MS = Date.UTC(2026, 0, 1);

/**
 * Virtual time: `sleep(ms)` resolves on the next macrotask with the clock moved on to its end
 * (never backwards), so hours of retry ladder pass in milliseconds. Sleeps of Infinity end only
 * when aborted, so a sender waiting for an event really waits.
 */
export class VirtualTime implements Clock, Sleeper {
  private nowMs: number;

  constructor(startMs = START_MS) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve();
      const target = this.nowMs + Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      if (Number.isFinite(ms)) {
        timer = setTimeout(() => {
          this.nowMs = Math.max(this.nowMs, target);
          done();
        }, 0);
      }
    });
  }
}

/** An outbox row whose body is already built (as after its first claim). */
export type SentBodyMessage = OutboxMessage & { readonly body: string };

const PRACTICE = demoPracticeIdentity(DEFAULT_DEMO_SEED);
const AS_OF = '2026-01-01';

/**
 * `count` queued outbox rows for qualifying demo patients, built as the run loop builds them
 * (buildSummaryBundle), with ids derived from the patient so tests are reproducible.
 */
export function demoOutboxRows(count: number, runId = 1): SentBodyMessage[] {
  const rows: SentBodyMessage[] = [];
  for (let seq = 1; rows.length < count; seq++) {
    const patient = generatePatient({ seed: DEFAULT_DEMO_SEED, asOf: AS_OF }, seq);
    if (checkEligibility(patient).outcome !== 'qualifies' || patient.nhsNumber === null) continue;
    const hex = seq.toString(16).padStart(12, '0');
    const bundleId = `b0000000-0000-4000-8000-${hex}`;
    const compositionId = `c0000000-0000-4000-8000-${hex}`;
    const bundle = buildSummaryBundle({ patient, author: demoAuthor(PRACTICE), fullUrlBase: TRAINING_FULL_URL_BASE, runDate: AS_OF, timestamp: '2026-01-01T09:00:00Z', bundleId, compositionId });
    rows.push({
      requestId: `a0000000-0000-4000-8000-${hex}`,
      runId,
      seq,
      nhsNumber: patient.nhsNumber,
      bundleId,
      compositionId,
      body: JSON.stringify(bundle),
      queuedAt: '2026-01-01T09:00:00.000Z',
      state: 'queued',
      attempts: [],
      nextAttemptAt: 0,
      failure: null,
    failureCode: null,
    retryBase: 0,
    });
  }
  return rows;
}

export interface ReceivedRequest extends OutgoingMessage {
  /** Virtual time when the transport was called (epoch ms). */
  readonly atMs: number;
}

/** A response as a plain HTTP answer. */
export function http(status: number, bodyText = '', headers: { retryAfter?: string; contentType?: string } = {}): TransportResponse {
  return { kind: 'response', status, headers: { retryAfter: headers.retryAfter ?? null, contentType: headers.contentType ?? 'application/fhir+json' }, bodyText };
}

export const CREATED = http(201, '{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","details":{"text":"SCR successfully uploaded"}}]}');

/** Records every request and answers with `script(request, nthForThisRequestId, overallIndex)`. */
export class ScriptedTransport implements Transport {
  readonly received: ReceivedRequest[] = [];
  private readonly perRequest = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly script: (request: ReceivedRequest, nth: number, index: number) => TransportResponse | Promise<TransportResponse>,
  ) {}

  send(message: OutgoingMessage): Promise<TransportResponse> {
    const request: ReceivedRequest = { ...message, atMs: this.clock.now() };
    this.received.push(request);
    const nth = (this.perRequest.get(message.requestId) ?? 0) + 1;
    this.perRequest.set(message.requestId, nth);
    return Promise.resolve(this.script(request, nth, this.received.length - 1));
  }

  requestsFor(requestId: string): ReceivedRequest[] {
    return this.received.filter((r) => r.requestId === requestId);
  }
}

/** A promise with its resolve function, for answers the test releases by hand. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Waits (macrotask by macrotask) until `condition` holds. The bound is on turns, not time, and
 * generous: it only turns a hang into a readable failure.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, maxTurns = 200_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (await condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

let uuidCounter = 0;
/** Distinct, valid v4-shaped UUIDs for correlation ids. */
export function testUuid(): string {
  uuidCounter += 1;
  return `d0000000-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}`;
}
