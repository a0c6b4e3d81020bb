// The engine loading the demo practice, in-process: fake-indexeddb for the database, an
// in-memory job lock and peer bus, so two engines on one bus behave like two tabs. Asserts what
// the practice would see: the stored practice row and patients, its counts, the log, and the
// statuses that drive the progress bar and the status bar (in this tab and in another).

import { uniqueDatabaseName } from '../setup/indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { ScrDatabase } from '../../../src/db/database';
import type { Patient, PracticeStats, RegistrationType } from '../../../src/domain/model/practice';
import { demoPracticeIdentity } from '../../../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED, generatePage, MAX_DEMO_SIZE } from '../../../src/demo/generatePatients';
import { consentPreference } from '../../../src/domain/consent';
import { nhsNumberProblem } from '../../../src/domain/nhsNumber';
import { isWithheld } from '../../../src/domain/withheld';
import type { EngineStatus } from '../../../src/shared/engineState';
import { DEMO_PAGE_SIZE } from '../../../src/worker/demoLoader';
import { Engine } from '../../../src/worker/engine';
import { createEventHub, type EventHub } from '../../../src/worker/eventHub';
import type { PeerChannel } from '../../../src/worker/ports';
import { createPeerBus, FixedClock, loadFinished, MemoryJobLocks, nextEvent, recordStatuses, teeHub, type PeerBus } from './support';
import { storedPatients, storedPatientCount } from '../db/storedPatients';

/** 15 January 2026, 12:00 UTC: the same calendar day in every time zone from UTC-11 to UTC+11. */
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Tab {
  readonly engine: Engine;
  readonly db: ScrDatabase;
  readonly hub: EventHub;
  readonly peers: PeerChannel;
}

interface TabOptions {
  /** Sees every status the engine publishes, unthrottled, as it happens. */
  readonly onStatus?: (status: EngineStatus) => void;
  /** Installed before the database opens (fault injection). */
  readonly middleware?: (down: DBCore) => DBCore;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A browser profile: one database name, one job lock and one peer bus shared by its tabs. */
function profile() {
  const name = uniqueDatabaseName('engine-demo');
  const locks = new MemoryJobLocks();
  const bus: PeerBus = createPeerBus();
  const clock = new FixedClock(NOW_MS);
  const openTab = (options: TabOptions = {}): Tab => {
    const db = new ScrDatabase(name);
    if (options.middleware) db.use({ stack: 'dbcore', name: 'test-fault', create: options.middleware });
    const realHub = createEventHub();
    const hub = options.onStatus ? teeHub(realHub, options.onStatus) : realHub;
    const peers = bus.connect();
    const engine = new Engine({ db, clock, locks, peers, hub });
    cleanups.push(async () => {
      hub.close();
      peers.close();
      db.close();
    });
    return { engine, db, hub, peers };
  };
  cleanups.push(async () => {
    await new ScrDatabase(name).delete();
  });
  return { name, locks, bus, clock, openTab };
}

/** Loads the demo practice in `tab` and waits until the job has fully ended there. */
async function load(tab: Tab, size: number, seed?: number): Promise<void> {
  const finished = loadFinished(tab.hub, false);
  const result = await tab.engine.startDemoLoad(seed === undefined ? { size } : { size, seed });
  expect(result).toEqual({ ok: true, value: null });
  await finished;
}

/** The overview's counts recomputed from stored patients with the domain functions. */
function recount(patients: readonly Patient[]): PracticeStats {
  const byRegistration: Record<RegistrationType, number> = { permanent: 0, applied: 0, temporary: 0, deducted: 0 };
  const byConsent: Record<string, number> = {};
  const count = (pred: (p: Patient) => boolean) => patients.filter(pred).length;
  for (const p of patients) {
    byRegistration[p.registrationType] += 1;
    const label = consentPreference(p).label;
    byConsent[label] = (byConsent[label] ?? 0) + 1;
  }
  return {
    patients: patients.length,
    byRegistration,
    byConsent,
    deceased: count((p) => p.deceased),
    fp69: count((p) => p.fp69),
    sensitive: count((p) => p.sensitive),
    existingSummary: count((p) => p.existingSummary),
    nhsNumberMissing: count((p) => nhsNumberProblem(p.nhsNumber) === 'missing'),
    nhsNumberInvalid: count((p) => nhsNumberProblem(p.nhsNumber) !== null && nhsNumberProblem(p.nhsNumber) !== 'missing'),
    nhsNumberUnverified: count((p) => nhsNumberProblem(p.nhsNumber) === null && !p.nhsNumberVerified),
    withMedication: count((p) => p.medications.length > 0),
    withAllergies: count((p) => p.allergies.some((a) => !a.negative)),
    withWithheldItems: count((p) => p.medications.some((m) => isWithheld(m)) || p.allergies.some((a) => isWithheld(a))),
  };
}

async function logTexts(tab: Tab): Promise<{ level: string; text: string }[]> {
  return (await tab.engine.readLog(0, 1_000)).map(({ level, text }) => ({ level, text }));
}

/** Makes every write of new patients fail with QuotaExceededError after `allowed` such writes. */
function quotaAfter(allowed: number): (down: DBCore) => DBCore {
  let writes = 0;
  return (down) => ({
    ...down,
    table(name) {
      const table = down.table(name);
      if (name !== 'patientChunks') return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type === 'add' || req.type === 'put') {
            writes += 1;
            if (writes > allowed) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
          }
          return table.mutate(req);
        },
      };
    },
  });
}

describe('loading the demo practice', () => {
  it('3,000 patients: back to idle, the stored patients are the generated ones, the stats equal a recount, and the log says so', async () => {
    const { openTab } = profile();
    const tab = openTab();
    const seen = recordStatuses(tab.hub);
    await load(tab, 3_000);

    const practice = await tab.engine.getPractice();
    if (!practice) return expect.fail('no practice row after the load');
    const asOf = localDate(NOW_MS);
    const identity = demoPracticeIdentity(DEFAULT_DEMO_SEED);
    expect(practice).toMatchObject({
      key: 'practice',
      name: identity.name,
      odsCode: identity.odsCode,
      source: 'demo',
      demo: { seed: DEFAULT_DEMO_SEED, size: 3_000, asOf },
      loadedAt: new Date(NOW_MS).toISOString(),
    });

    const patients = await storedPatients(tab.db);
    expect(patients).toHaveLength(3_000);
    expect(await storedPatientCount(tab.db)).toBe(3_000);
    expect(patients).toEqual(generatePage({ seed: DEFAULT_DEMO_SEED, asOf }, 1, 3_000));
    expect(practice.stats).toEqual(recount(patients));
    // Spot-check the recount itself is about something: all four registration types occur.
    expect(Object.values(practice.stats.byRegistration).every((n) => n > 0)).toBe(true);

    const log = await logTexts(tab);
    expect(log).toEqual([
      { level: 'info', text: `Loading the demo practice: 3,000 patients (seed ${DEFAULT_DEMO_SEED}).` },
      { level: 'info', text: expect.stringMatching(/^Demo practice loaded: 3,000 patients in [0-9.]+ s\.$/) },
    ]);

    // The progress this tab showed: loading with the right total, never going backwards, then idle.
    const loading = seen.statuses.filter((s) => s.job.phase === 'loading-demo');
    expect(loading.length).toBeGreaterThan(0);
    let last = -1;
    for (const s of loading) {
      if (s.job.phase !== 'loading-demo') continue;
      expect(s.job.total).toBe(3_000);
      expect(s.runsHere).toBe(true);
      expect(s.job.done).toBeGreaterThanOrEqual(last);
      last = s.job.done;
    }
    expect(seen.statuses.at(-1)).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(tab.engine.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
    // The UI is told to refetch the practice and the log.
    expect(seen.events.some((e) => e.type === 'practice-changed')).toBe(true);
    expect(seen.events.some((e) => e.type === 'log-appended')).toBe(true);
  });

  it('a practice larger than one write page is complete, with no gap or duplicate at the page boundaries', async () => {
    const { openTab } = profile();
    const tab = openTab();
    const size = DEMO_PAGE_SIZE * 2 + 1;
    await load(tab, size);
    const seqs = (await storedPatients(tab.db)).map((p) => p.seq);
    expect(seqs).toEqual(Array.from({ length: size }, (_, i) => i + 1));
    expect((await tab.engine.getPractice())?.stats.patients).toBe(size);
  });

  it('the smallest practice, one patient, loads', async () => {
    const { openTab } = profile();
    const tab = openTab();
    await load(tab, 1);
    expect(await storedPatientCount(tab.db)).toBe(1);
    expect((await tab.engine.getPractice())?.stats.patients).toBe(1);
  });

  it('a second load replaces the practice and leaves nothing of the first', async () => {
    const { openTab } = profile();
    const tab = openTab();
    await load(tab, 3_000);
    await load(tab, 1_000, 42);
    const practice = await tab.engine.getPractice();
    expect(practice?.demo).toEqual({ seed: 42, size: 1_000, asOf: localDate(NOW_MS) });
    const patients = await storedPatients(tab.db);
    // The new practice is written above the old one's seqs (the old stays intact until the
    // switch), and the old rows are deleted after it: exactly the generated patients remain.
    expect(patients.map((p) => p.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => 3_001 + i));
    expect(patients.map((p) => ({ ...p, seq: p.seq - 3_000 }))).toEqual(generatePage({ seed: 42, asOf: localDate(NOW_MS) }, 1, 1_000));
    expect(practice?.stats).toEqual(recount(patients));
    expect((await logTexts(tab)).filter((e) => e.text.startsWith('Demo practice loaded'))).toHaveLength(2);
  });
});

describe('refusals', () => {
  it.each([0, -1, 1.5, MAX_DEMO_SIZE + 1, Number.NaN, Number.POSITIVE_INFINITY])('size %s is invalid-argument, naming the size, and changes nothing', async (size) => {
    const { openTab } = profile();
    const tab = openTab();
    const result = await tab.engine.startDemoLoad({ size });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-argument');
    expect(result.error.message).toContain(`got ${String(size)}`);
    expect(tab.engine.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(await tab.engine.getPractice()).toBeNull();
    expect(await storedPatientCount(tab.db)).toBe(0);
    expect(await logTexts(tab)).toEqual([]);
  });

  it('a second load while one runs is busy, in the same tab and in another tab; neither disturbs the running load', async () => {
    const { openTab, locks } = profile();
    const a = openTab();
    const b = openTab();
    const aDone = loadFinished(a.hub, false);
    const bSawLoading = nextEvent(b.hub, (e) => e.type === 'status' && e.status.job.phase === 'loading-demo');
    expect(await a.engine.startDemoLoad({ size: 3_000 })).toEqual({ ok: true, value: null });
    expect(locks.isHeld).toBe(true);

    const again = await a.engine.startDemoLoad({ size: 1_000 });
    expect(again.ok ? null : again.error.code).toBe('busy');
    // Tab B, whether or not it has heard from tab A yet: the lock is held.
    const fromB = await b.engine.startDemoLoad({ size: 1_000 });
    expect(fromB.ok ? null : fromB.error.code).toBe('busy');
    // Tab B once it has seen A's progress.
    await bSawLoading;
    const fromBLater = await b.engine.startDemoLoad({ size: 1_000 });
    expect(fromBLater.ok ? null : fromBLater.error.code).toBe('busy');

    await aDone;
    expect((await a.engine.getPractice())?.demo?.size).toBe(3_000);
    expect(await storedPatientCount(a.db)).toBe(3_000);
    expect((await logTexts(a)).filter((e) => e.text.startsWith('Loading the demo practice'))).toHaveLength(1);
    expect(locks.isHeld).toBe(false);
  });

  it('once the load in tab A has ended, tab B can load, and A sees B running', async () => {
    const { openTab } = profile();
    const a = openTab();
    const b = openTab();
    const bIdle = loadFinished(b.hub, false);
    await load(a, 1_000);
    await bIdle;
    const aSawB = nextEvent(a.hub, (e) => e.type === 'status' && e.status.job.phase === 'loading-demo' && !e.status.runsHere);
    const aIdle = loadFinished(a.hub, false);
    await load(b, 2_000, 7);
    await aSawB;
    await aIdle;
    expect((await a.engine.getPractice())?.demo).toMatchObject({ seed: 7, size: 2_000 });
    expect(await storedPatientCount(a.db)).toBe(2_000);
  });

  it('cancel with no job running is invalid-argument', () => {
    const { openTab } = profile();
    const tab = openTab();
    const result = tab.engine.cancel();
    expect(result.ok ? null : result.error.code).toBe('invalid-argument');
  });
});

describe('cancelling a load', () => {
  it('mid-load: no practice row, no patients, a warning in the log, idle again; a new load then works', async () => {
    const { openTab } = profile();
    let cancelAsked: boolean | null = null;
    let engine: Engine | null = null;
    // Cancel as soon as the first full page has been handed to IndexedDB.
    const tab = openTab({
      onStatus: (s) => {
        if (cancelAsked === null && s.job.phase === 'loading-demo' && s.job.done >= DEMO_PAGE_SIZE && engine) cancelAsked = engine.cancel().ok;
      },
    });
    engine = tab.engine;
    const size = DEMO_PAGE_SIZE * 3;
    const finished = loadFinished(tab.hub, false);
    expect(await tab.engine.startDemoLoad({ size })).toEqual({ ok: true, value: null });
    await finished;

    expect(cancelAsked).toBe(true);
    expect(tab.engine.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(await tab.engine.getPractice()).toBeNull();
    expect(await storedPatientCount(tab.db)).toBe(0);
    const log = await logTexts(tab);
    expect(log.at(-1)).toEqual({ level: 'warning', text: 'Loading the demo practice was cancelled; no practice data is stored.' });
    expect(log.some((e) => e.text.startsWith('Demo practice loaded'))).toBe(false);

    await load(tab, 1_000);
    expect(await storedPatientCount(tab.db)).toBe(1_000);
  });
});

describe('a load that fails', () => {
  it('a full disk fails the load with storage-quota, stores no practice row, logs an error, and a later load starts clean', async () => {
    const { openTab } = profile();
    // The first page is written, the second is refused.
    const tab = openTab({ middleware: quotaAfter(1) });
    const seen = recordStatuses(tab.hub);
    const finished = loadFinished(tab.hub, false);
    expect(await tab.engine.startDemoLoad({ size: DEMO_PAGE_SIZE * 2 })).toEqual({ ok: true, value: null });
    await finished;

    const status = tab.engine.status();
    expect(status.runsHere).toBe(false);
    expect(status.job.phase).toBe('failed');
    if (status.job.phase === 'failed') expect(status.job.error.code).toBe('storage-quota');
    expect(seen.statuses.at(-1)?.job.phase).toBe('failed');
    expect(await tab.engine.getPractice()).toBeNull();
    const log = await logTexts(tab);
    expect(log.at(-1)).toEqual({ level: 'error', text: 'Loading the demo practice failed: The browser has no more storage space for this site.' });

    // Space is available again (a new tab without the fault): the next load clears what the
    // failed one left and stores exactly the new practice.
    const retry = openTab();
    await load(retry, 500);
    expect(await storedPatientCount(retry.db)).toBe(500);
    expect((await retry.engine.getPractice())?.stats.patients).toBe(500);
  });
});

describe('another tab watches', () => {
  it("tab B sees A's progress as status events with runsHere false, then idle, and reads A's practice", async () => {
    const { openTab } = profile();
    const a = openTab();
    const b = openTab();
    const watched = recordStatuses(b.hub);
    const bIdle = loadFinished(b.hub, false);
    await load(a, 3_000);
    await bIdle;

    const loading = watched.statuses.filter((s) => s.job.phase === 'loading-demo');
    expect(loading.length).toBeGreaterThan(0);
    let last = -1;
    for (const s of loading) {
      expect(s.runsHere).toBe(false);
      if (s.job.phase !== 'loading-demo') continue;
      expect(s.job.total).toBe(3_000);
      expect(s.job.done).toBeGreaterThanOrEqual(last);
      last = s.job.done;
    }
    expect(watched.statuses.every((s) => !s.runsHere)).toBe(true);
    expect(watched.statuses.at(-1)).toEqual({ job: { phase: 'idle' }, runsHere: false });
    expect(b.engine.status()).toEqual({ job: { phase: 'idle' }, runsHere: false });
    // B's UI is told to refetch, and B reads the practice A stored.
    expect(watched.events.some((e) => e.type === 'practice-changed')).toBe(true);
    expect((await b.engine.getPractice())?.stats.patients).toBe(3_000);
  });

  it("while A loads, B's own status says a load runs elsewhere", async () => {
    const { openTab } = profile();
    const a = openTab();
    const b = openTab();
    const bSaw = nextEvent(b.hub, (e) => e.type === 'status' && e.status.job.phase === 'loading-demo');
    const aDone = loadFinished(a.hub, false);
    await a.engine.startDemoLoad({ size: 3_000 });
    await bSaw;
    const status = b.engine.status();
    expect(status.runsHere).toBe(false);
    expect(status.job.phase).toBe('loading-demo');
    // Cancelling is for the tab that runs the job.
    expect(b.engine.cancel().ok).toBe(false);
    await aDone;
  });
});
