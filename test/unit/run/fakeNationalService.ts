// A `fetch` that answers `POST {base}/Bundle` as the national service does about what matters
// here, with no network: no replay record by X-Request-ID; each summary filed under its event id
// (the Composition identifier, upper-cased), a second upload of it refused with 400 PSIS-30134
// naming it; a role session it does not know refused with a 400 that names no PSIS code (a defect
// in what the app sends, as a missing header is); and answers lost after storing (504, a reset,
// no answer at all) where a test asks for them. The engine reaches it through its own HTTP
// transport, headers and all.

import { bundleFacts, duplicateText } from '../send/duplicateRuleSpine';

export type LostAnswer = '504' | 'reset' | 'hang';

/** The base URL the tests save in Settings; nothing is ever sent there. */
export const FAKE_BASE_URL = 'https://scr.spine.test/fhir';

export interface FakeNationalOptions {
  /** The role sessions the service knows (NHSD-Session-URID). */
  readonly sessionUrids: readonly string[];
  /** The answer lost after storing the `nth` upload of a request id, if any. */
  readonly lose?: (requestId: string, nth: number) => LostAnswer | null;
}

function outcome(text: string): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text } }] });
}

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/fhir+json' } });
}

/** Never answers; fails as fetch does when the request is aborted (the app's time limit). */
function noAnswer(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')), { once: true }));
}

export const unknownSessionText = (urid: string): string => `Invalid NHSD-Session-URID: ${urid} is not a role session the service knows`;

export class FakeNationalService {
  /** NHS number -> event ids stored (upper case). */
  private readonly stored = new Map<string, string[]>();
  /** NHS number -> another event id every upload for that patient is a duplicate of. */
  private readonly others = new Map<string, string>();
  private readonly perRequest = new Map<string, number>();
  private options: FakeNationalOptions;
  /** Every upload received: its request id and the answer given (0 for none). */
  readonly received: { readonly requestId: string; readonly status: number }[] = [];

  constructor(options: FakeNationalOptions) {
    this.options = options;
  }

  configure(options: Partial<FakeNationalOptions>): void {
    this.options = { ...this.options, ...options };
  }

  duplicateOf(nhsNumber: string, otherEventId: string): void {
    this.others.set(nhsNumber, otherEventId.toUpperCase());
  }

  storedFor(nhsNumber: string): number {
    return this.stored.get(nhsNumber)?.length ?? 0;
  }

  storedTotal(): number {
    return [...this.stored.values()].reduce((n, ids) => n + ids.length, 0);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (init?.method !== 'POST' || !url.endsWith('/Bundle')) return answer(404, outcome(`${url} not found`));
    const headers = new Headers(init.headers);
    const requestId = headers.get('X-Request-ID') ?? '';
    const nth = (this.perRequest.get(requestId) ?? 0) + 1;
    this.perRequest.set(requestId, nth);
    const reply = (status: number, body: string): Response => {
      this.received.push({ requestId, status });
      return answer(status, body);
    };
    const urid = headers.get('NHSD-Session-URID') ?? '';
    if (!this.options.sessionUrids.includes(urid)) return reply(400, outcome(unknownSessionText(urid)));
    const { eventId, nhsNumber } = bundleFacts(typeof init.body === 'string' ? init.body : '');
    const other = this.others.get(nhsNumber);
    if (other !== undefined) return reply(400, outcome(duplicateText(other, nhsNumber)));
    const filed = eventId.toUpperCase();
    const documents = this.stored.get(nhsNumber) ?? [];
    if (documents.includes(filed)) return reply(400, outcome(duplicateText(filed, nhsNumber)));
    this.stored.set(nhsNumber, [...documents, filed]);
    switch (this.options.lose?.(requestId, nth) ?? null) {
      case '504':
        return reply(504, outcome('Request processing timed out. Spine POST + polling GET has timed out'));
      case 'reset':
        this.received.push({ requestId, status: 0 });
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      case 'hang':
        this.received.push({ requestId, status: 0 });
        return noAnswer(init.signal);
      case null:
        return reply(201, JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: 'SCR successfully uploaded' } }] }));
    }
  };
}
