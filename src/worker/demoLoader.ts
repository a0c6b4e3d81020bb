// Loads the demo practice into the database, page by page, generating the next page while the
// previous one is being written so the CPU and IndexedDB work overlap.
//
// Invariant: the practice row is written last. Until it exists the data is incomplete and the
// app treats the browser as having no practice (a reload mid-load offers the load again, and a
// new load first clears whatever a previous attempt left).

import type { ScrDatabase } from '../db/database';
import type { Practice } from '../db/types';
import { generatePage } from '../demo/generatePatients';
import { demoPracticeIdentity } from '../demo/demoPractice';
import { createStatsAccumulator } from './practiceStats';

/** Patients per write transaction: large pages amortise IndexedDB's per-transaction cost. */
export const DEMO_PAGE_SIZE = 2_000;

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
  await db.transaction('rw', db.practice, db.patients, async () => {
    await db.practice.clear();
    await db.patients.clear();
  });
  const options = { seed: request.seed, asOf: request.asOf };
  const stats = createStatsAccumulator();
  let written = 0;
  let inFlight: Promise<unknown> | null = null;
  for (let from = 1; from <= request.size; from += DEMO_PAGE_SIZE) {
    const to = Math.min(request.size, from + DEMO_PAGE_SIZE - 1);
    const page = generatePage(options, from, to);
    for (const p of page) stats.add(p);
    if (inFlight) await inFlight;
    written = from - 1;
    if (control.isCancelled()) {
      await db.patients.clear();
      return { kind: 'cancelled', written };
    }
    control.onProgress(written, request.size);
    inFlight = db.patients.bulkAdd(page);
  }
  if (inFlight) await inFlight;
  if (control.isCancelled()) {
    await db.patients.clear();
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
  await db.practice.put(practice);
  return { kind: 'loaded', practice };
}
