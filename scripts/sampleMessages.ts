// The sample messages a supplier hands in when it asks to go live: for the demo practice, every
// upload request exactly as the app's worker makes it. It runs the real engine (src/worker/
// engine.ts) in Node, on an in-memory IndexedDB (fake-indexeddb), with the HTTP Spine settings a
// practice would enter, and answers each request 201 at a recording fetch: the bodies, paths and
// headers are the bytes the browser would put on the wire, through the same code path (demo load,
// eligibility, queueing, the message builder, the HTTP transport). Time is virtual: rate-limit
// waits pass at once, so 1,000 patients take seconds.

import 'fake-indexeddb/auto';
import { ScrDatabase } from '../src/db/database';
import { demoAuthor } from '../src/domain/author/demoAuthor';
import { authorToFormValues } from '../src/domain/author/authorForm';
import { demoPracticeIdentity } from '../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED } from '../src/demo/generatePatients';
import { DEFAULT_SPINE_FORM_VALUES } from '../src/domain/settings/formValues';
import type { AuthorShape } from '../src/shared/authorSettings';
import type { EngineStatus } from '../src/shared/engineState';
import { Engine } from '../src/worker/engine';
import { createEventHub } from '../src/worker/eventHub';
import type { JobLocks, PeerChannel } from '../src/worker/ports';
import type { TickSource } from '../src/worker/schedule/scheduleTicker';

export interface SampleOptions {
  /** Demo practice size (patients); about 83 % qualify. */
  readonly patients: number;
  readonly author: AuthorShape;
  /** The FHIR base the requests go to (and the entries' fullUrls are under). */
  readonly baseUrl: string;
  readonly sessionUrid: string;
  readonly seed?: number;
}

/** One upload request as made: method, path (from the base URL's origin), headers, body text. */
export interface SampleMessage {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Made-up values: the access token is not a real one; the SDS ids are in no directory. */
export const SAMPLE_ACCESS_TOKEN = 'sample-access-token-not-valid-anywhere';
export const SAMPLE_SDS_IDS = { userId: '555555555555', roleProfileId: '555555555556' } as const;
export const DEFAULT_SAMPLE_BASE_URL = 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4';
export const DEFAULT_SAMPLE_SESSION_URID = '555254240100';

/** Virtual time: now() moves only when someone sleeps, and every sleep ends at once. */
class InstantTime {
  private nowMs = Date.parse('2026-12-01T09:00:00Z');
  now = (): number => this.nowMs;
  sleep = (ms: number): Promise<void> => {
    if (Number.isFinite(ms)) this.nowMs += Math.max(0, ms);
    return new Promise((resolve) => setTimeout(resolve, 0));
  };
}

const soloLocks: JobLocks = { tryRun: async (job) => (await job(), true), waitAndRun: (job) => job() };
const noPeers: PeerChannel = { post: () => undefined, onMessage: () => undefined, close: () => undefined };
const noTicks: TickSource = { start: () => () => undefined };

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => (out[name] = value));
  return out;
}

export async function sampleMessages(options: SampleOptions): Promise<SampleMessage[]> {
  const db = new ScrDatabase(`sample-messages-${process.pid}-${Date.now()}`);
  const hub = createEventHub({ now: () => 0, setTimeout: (fn) => queueMicrotask(fn), clearTimeout: () => undefined });
  const phases: ((s: EngineStatus) => void)[] = [];
  hub.subscribe((e) => {
    if (e.type === 'status') for (const f of [...phases]) f(e.status);
  });
  const reached = (phase: EngineStatus['job']['phase']): Promise<void> =>
    new Promise((resolve, reject) => {
      const f = (s: EngineStatus): void => {
        if (s.job.phase === 'failed') reject(new Error('the engine job failed'));
        if (s.job.phase !== phase) return;
        phases.splice(phases.indexOf(f), 1);
        resolve();
      };
      phases.push(f);
    });

  const sent: SampleMessage[] = [];
  const origin = new URL(options.baseUrl).origin;
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push({ method: init?.method ?? 'GET', path: url.href.slice(origin.length), headers: headersOf(init), body: typeof init?.body === 'string' ? init.body : '' });
    return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: 'SCR successfully uploaded' } }] }), {
      status: 201,
      headers: { 'Content-Type': 'application/fhir+json' },
    });
  };

  const time = new InstantTime();
  const engine = new Engine({ db, clock: time, sleeper: time, locks: soloLocks, peers: noPeers, hub, fetch: recordingFetch, scheduleTicks: noTicks, timeZone: 'Europe/London' });
  try {
    let idle = reached('idle');
    const load = await engine.startDemoLoad({ size: options.patients, seed: options.seed ?? DEFAULT_DEMO_SEED });
    if (!load.ok) throw new Error(load.error.message);
    await idle;

    const base = demoAuthor(demoPracticeIdentity(options.seed ?? DEFAULT_DEMO_SEED));
    const author = options.author === 'sds-user' ? { ...base, clinician: { ...base.clinician, sds: SAMPLE_SDS_IDS } } : base;
    const savedAuthor = await engine.author.save(authorToFormValues(author));
    if (!savedAuthor.ok) throw new Error(`author: ${savedAuthor.errors.map((e) => e.message).join('; ')}`);
    const saved = await engine.sendingSettings.save({
      ...DEFAULT_SPINE_FORM_VALUES,
      baseUrl: options.baseUrl,
      sessionUrid: options.sessionUrid,
      authKind: 'bearer',
      bearerToken: SAMPLE_ACCESS_TOKEN,
      ratePerSecond: '100',
      concurrency: '50',
    });
    if (!saved.ok) throw new Error(`settings: ${saved.errors.map((e) => e.message).join('; ')}`);

    idle = reached('idle');
    const run = await engine.startRun('run');
    if (!run.ok) throw new Error(run.error.message);
    await idle;
    return sent;
  } finally {
    db.close();
    await db.delete();
  }
}
