// A scripted transport that answers as the national service does about duplicates: it keeps no
// replay record by X-Request-ID; it files each summary under its event id (the Composition
// identifier, upper-cased) and answers a second upload of that event id with 400 PSIS-30134
// naming it. Faults can be injected after it has stored an upload (504, a timeout, a reset), as
// when the answer is lost on the way back. It counts what it stored per patient.

import type { Clock } from '../../../src/worker/ports';
import type { OutgoingMessage, Transport, TransportResponse } from '../../../src/worker/send/transport';
import { CREATED, http, type ReceivedRequest } from './support';

export type LostAnswer = '504' | 'timeout' | 'reset';

interface BundleFacts {
  readonly eventId: string;
  readonly nhsNumber: string;
}

function outcome(text: string): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text } }] });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The event id and NHS number of an uploaded Bundle (the Composition is entry[0]). */
export function bundleFacts(body: string): BundleFacts {
  const bundle: unknown = JSON.parse(body);
  const entries = isRecord(bundle) && Array.isArray(bundle['entry']) ? bundle['entry'] : [];
  const resources = entries.map((e: unknown) => (isRecord(e) && isRecord(e['resource']) ? e['resource'] : {}));
  const composition = resources[0];
  const identifier = composition !== undefined && isRecord(composition['identifier']) ? composition['identifier'] : {};
  const patient = resources.find((r) => r['resourceType'] === 'Patient');
  const ids = patient !== undefined && Array.isArray(patient['identifier']) ? patient['identifier'] : [];
  const first: unknown = ids[0];
  return { eventId: String(identifier['value'] ?? ''), nhsNumber: isRecord(first) ? String(first['value'] ?? '') : '' };
}

export const duplicateText = (eventId: string, nhsNumber: string): string => `[PSIS-30134] - Duplicate event with eventId ${eventId.toUpperCase()} and nhsNumber ${nhsNumber}.`;

export class DuplicateRuleSpine implements Transport {
  readonly received: ReceivedRequest[] = [];
  /** NHS number -> event ids stored (upper case). */
  private readonly stored = new Map<string, string[]>();
  private readonly perRequest = new Map<string, number>();
  /** NHS number -> another event id every upload for the patient is refused as a duplicate of. */
  private readonly others = new Map<string, string>();

  /** `lose(request, nth)`: the answer to lose after storing the upload, if any. */
  constructor(
    private readonly clock: Clock,
    private readonly lose: (request: ReceivedRequest, nth: number) => LostAnswer | null = () => null,
  ) {}

  async send(message: OutgoingMessage): Promise<TransportResponse> {
    const request: ReceivedRequest = { ...message, atMs: this.clock.now() };
    this.received.push(request);
    const nth = (this.perRequest.get(message.requestId) ?? 0) + 1;
    this.perRequest.set(message.requestId, nth);
    const { eventId, nhsNumber } = bundleFacts(message.body);
    const other = this.others.get(nhsNumber);
    if (other !== undefined) return http(400, outcome(duplicateText(other, nhsNumber)));
    const filed = eventId.toUpperCase();
    const documents = this.stored.get(nhsNumber) ?? [];
    if (documents.includes(filed)) return http(400, outcome(duplicateText(filed, nhsNumber)));
    this.stored.set(nhsNumber, [...documents, filed]);
    switch (this.lose(request, nth)) {
      case '504':
        return http(504, outcome('Request processing timed out. Spine POST + polling GET has timed out'));
      case 'timeout':
        return { kind: 'timeout', afterMs: 30_000 };
      case 'reset':
        return { kind: 'network-error', message: 'fetch failed (other side closed)' };
      case null:
        return CREATED;
    }
  }

  /** How many summaries it holds for a patient. */
  storedFor(nhsNumber: string): number {
    return this.stored.get(nhsNumber)?.length ?? 0;
  }

  /** Answers every upload for this patient with a duplicate naming another message's event id. */
  duplicateOf(nhsNumber: string, otherEventId: string): void {
    this.others.set(nhsNumber, otherEventId.toUpperCase());
  }
}
