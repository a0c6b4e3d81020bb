// Loads the demo practice into the database, page by page, generating the next page while the
// previous ones are being written so the CPU and IndexedDB work overlap. Up to two pages' writes
// are queued at once, so the database always has the next page in hand when one commits (the
// worker's share of a write, copying the rows into the request, happens when it is queued).
//
// Patients are stored PATIENTS_PER_CHUNK to a record (src/db/types.ts PatientChunk): a page is a
// whole number of chunks, and the load starts at a new window, so every chunk is written once.
//
// Invariant: the previous practice data stays intact and current until the new one is complete.
// The patients are written above every stored seq (src/db/types.ts PatientRange); the practice
// row and the new range are then switched in one transaction, and only after that are the
// replaced rows deleted. A cancelled, failed or crashed load leaves only stale rows, which the
// next load (or import) deletes first.

import type { ScrDatabase } from '../db/database';
import type { Practice } from '../domain/model/practice';
import { generatePage } from '../demo/generatePatients';
import { demoPracticeIdentity } from '../demo/demoPractice';
import { createStatsAccumulator } from './practiceStats';
import { nextFreeSeq, purgeStalePatients, switchPractice } from './import/practiceData';
import { putPatients } from '../db/patientStore';
import { PATIENTS_PER_CHUNK } from '../db/patientChunks';
import { authorAfterDemoLoad } from '../domain/author/practiceAuthor';

/**
 * Patients per write transaction (20 chunks): large pages amortise IndexedDB's per-transaction
 * cost. A multiple of PATIENTS_PER_CHUNK, so no chunk spans two pages.
 */
export const DEMO_PAGE_SIZE = 20 * PATIENTS_PER_CHUNK;

/** Page writes queued at once: one committing, one waiting its turn. */
const WRITES_IN_FLIGHT = 2;

export interface DemoLoadRequest {
  readonly size: number;
  readonly seed: number;
  /** `YYYY-MM-DD`: the day the practice's dates are relative to. */
  readonly asOf: string;
}

export interface DemoLoadControl {
  onProgress(done: number, total: number): void;
  isCancelled(): boolean;
  /** ISO instant, from the engine's clock. */
  now(): string;
}

export type DemoLoadOutcome = { readonly kind: 'loaded'; readonly practice: Practice } | { readonly kind: 'cancelled'; readonly written: number };

export async function loadDemoPractice(db: ScrDatabase, request: DemoLoadRequest, control: DemoLoadControl): Promise<DemoLoadOutcome> {
  await purgeStalePatients(db);
  // Generated patient n is stored as seq `offset + n`, above every stored seq; `offset` is a
  // multiple of PATIENTS_PER_CHUNK (nextFreeSeq starts a window), so pages fill whole windows.
  const offset = (await nextFreeSeq(db)) - 1;
  const options = { seed: request.seed, asOf: request.asOf };
  const stats = createStatsAccumulator();
  // Writes in the order queued, each with the number of patients written once it is done.
  const inFlight: { readonly write: Promise<unknown>; readonly through: number }[] = [];
  let written = 0;
  const settleOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (oldest === undefined) return;
    await oldest.write;
    written = oldest.through;
  };
  try {
    for (let from = 1; from <= request.size; from += DEMO_PAGE_SIZE) {
      const to = Math.min(request.size, from + DEMO_PAGE_SIZE - 1);
      const page = generatePage(options, from, to);
      for (const p of page) stats.add(p);
      while (inFlight.length >= WRITES_IN_FLIGHT) await settleOldest();
      if (control.isCancelled()) {
        while (inFlight.length > 0) await settleOldest();
        await purgeStalePatients(db);
        return { kind: 'cancelled', written };
      }
      control.onProgress(written, request.size);
      // put rather than add: every seq written is above every stored one (nextFreeSeq, under the
      // job lock), so no key is ever taken, and add would make IndexedDB look each one up first.
      const write = putPatients(db, offset === 0 ? page : page.map((p) => ({ ...p, seq: offset + p.seq })));
      // Handled here so a failure is never reported as unhandled while an earlier write is awaited;
      // awaiting `write` in settleOldest still throws it.
      write.catch(() => undefined);
      inFlight.push({ write, through: to });
    }
    while (inFlight.length > 0) await settleOldest();
  } finally {
    // A failed write: the others still settle before the error is reported (nothing writes on).
    await Promise.allSettled(inFlight.map((f) => f.write));
  }
  if (control.isCancelled()) {
    await purgeStalePatients(db);
    return { kind: 'cancelled', written: request.size };
  }
  control.onProgress(request.size, request.size);
  const identity = demoPracticeIdentity(request.seed);
  const practice: Practice = {
    key: 'practice',
    name: identity.name,
    odsCode: identity.odsCode,
    source: 'demo',
    demo: { seed: request.seed, size: request.size, asOf: request.asOf },
    loadedAt: control.now(),
    stats: stats.result(),
  };
  await switchPractice(db, practice, offset + 1, offset + request.size, (current) => authorAfterDemoLoad(current, practice), () => db.importLatest.clear());
  await purgeStalePatients(db);
  return { kind: 'loaded', practice };
}
