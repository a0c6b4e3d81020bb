// The two baselines a run's preparation is compared with, written in the same browser to a
// separate database with the same number of records of the same sizes:
//   raw bulk - plain IndexedDB, RAW_BATCH records per transaction: the machine's own limit;
//   naive    - one transaction per record, awaited one after another, the way a generic request
//              queue (Workbox background sync) stores each request.
// The records are the app's own: a sample of patients spread over the practice is checked and
// built by the app's preparePage() in Node, and the writes cycle through the sample, so the mix
// of queued messages (about 4-5 KB each) and small "not required"/"failed" rows is the real one.
// Only the keys differ per record. The raw baseline has no secondary indexes (the bare write);
// a variant with the app's own outbox and outcome indexes (src/db/database.ts, schema v3) shows
// how much of the gap is the indexes the app keeps for sending and the message monitor.

import type { Page } from '@playwright/test';
import type { OutboxMessage, OutcomeRecord } from '../../src/domain/model/runs';
import { demoPracticeIdentity } from '../../src/demo/demoPractice';
import { DEFAULT_DEMO_SEED, generatePatient } from '../../src/demo/generatePatients';
import { preparePage } from '../../src/worker/run/preparePage';

/** Records per transaction for the raw bulk write (the app commits 500 patients per transaction). */
export const RAW_BATCH = 1_000;
/** Patients sampled to make the records. */
export const SAMPLE_PATIENTS = 1_000;

export type SampleRow = { readonly store: 'outbox'; readonly row: OutboxMessage } | { readonly store: 'outcomes'; readonly row: OutcomeRecord };

export interface RecordSample {
  readonly rows: readonly SampleRow[];
  /** Mean size of a record as JSON text (bytes), for the notes. */
  readonly meanBytes: number;
}

/** Today's local date, `YYYY-MM-DD`: the app's demo asOf and run date. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The app's records for SAMPLE_PATIENTS patients spread evenly over a practice of `size`. */
export function sampleRecords(size: number): RecordSample {
  const today = localToday();
  const count = Math.min(SAMPLE_PATIENTS, size);
  const stride = size / count;
  const patients = Array.from({ length: count }, (_, i) => generatePatient({ seed: DEFAULT_DEMO_SEED, asOf: today }, 1 + Math.floor(i * stride)));
  const page = preparePage(patients, { runId: 1, runDate: today, practice: demoPracticeIdentity(DEFAULT_DEMO_SEED), now: new Date().toISOString(), uuid: () => crypto.randomUUID() });
  const bySeq = new Map<number, SampleRow>();
  for (const row of page.outbox) bySeq.set(row.seq, { store: 'outbox', row });
  for (const row of page.outcomes) bySeq.set(row.seq, { store: 'outcomes', row });
  const rows = patients.map((p) => bySeq.get(p.seq)).filter((r): r is SampleRow => r !== undefined);
  const meanBytes = rows.reduce((n, r) => n + JSON.stringify(r.row).length, 0) / rows.length;
  return { rows, meanBytes };
}

/**
 * Opens a page of the app's origin that does not start the app (a static file), so nothing else
 * uses the database while a baseline is written.
 */
export async function openBaselinePage(page: Page): Promise<void> {
  await page.goto('/favicon.svg');
}

/** The app's secondary indexes on the outbox and outcome stores (key paths as in Dexie's schema). */
export const APP_INDEXES: Readonly<Record<'outbox' | 'outcomes', readonly (string | readonly string[])[]>> = {
  outbox: [['runId', 'seq'], 'state', ['state', 'nextAttemptAt'], ['runId', 'state', 'seq'], ['runId', 'nhsNumber'], ['runId', 'failureCode', 'seq']],
  outcomes: [['runId', 'outcome', 'seq']],
};

/**
 * Writes `n` records (record i is sample row i mod the sample's length, with its own key) to a new
 * database `dbName`; `perTransaction` records per transaction, each awaited before the next;
 * with `indexes`, the stores get them first. Returns the seconds the writes took (keys are made
 * before the clock starts).
 */
export async function writeRecords(page: Page, sample: RecordSample, n: number, perTransaction: number, dbName: string, indexes: typeof APP_INDEXES | null = null): Promise<number> {
  return page.evaluate(
    async ({ rows, n, perTransaction, dbName, indexes }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName, 1);
        open.onupgradeneeded = () => {
          const outbox = open.result.createObjectStore('outbox', { keyPath: 'requestId' });
          const outcomes = open.result.createObjectStore('outcomes', { keyPath: ['runId', 'seq'] });
          for (const [store, paths] of [[outbox, indexes?.outbox ?? []], [outcomes, indexes?.outcomes ?? []]] as const) {
            for (const path of paths) store.createIndex(typeof path === 'string' ? path : path.join('+'), typeof path === 'string' ? path : [...path]);
          }
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const ids = Array.from({ length: n }, () => crypto.randomUUID());
      const t0 = performance.now();
      for (let from = 0; from < n; from += perTransaction) {
        const to = Math.min(n, from + perTransaction);
        const tx = db.transaction(['outbox', 'outcomes'], 'readwrite');
        const outbox = tx.objectStore('outbox');
        const outcomes = tx.objectStore('outcomes');
        for (let i = from; i < to; i++) {
          const sample = rows[i % rows.length];
          if (sample === undefined) continue;
          if (sample.store === 'outbox') outbox.add({ ...sample.row, requestId: ids[i], seq: i + 1 });
          else outcomes.add({ ...sample.row, seq: i + 1 });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      }
      const seconds = (performance.now() - t0) / 1000;
      db.close();
      return seconds;
    },
    { rows: sample.rows, n, perTransaction, dbName, indexes },
  );
}
