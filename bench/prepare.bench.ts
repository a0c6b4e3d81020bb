// Prepare (check, build and queue) 10,000 and 100,000 demo patients, against the two baselines
// measured in the same run, and the engine worker's memory while it does it. Also the demo
// practice's load time (the practice is loaded through the UI before each run).
//
// One iteration: a fresh on-disk profile loads the demo practice, goes offline (sending waits
// for the network; checking and queueing carry on), starts Run and is timed until the stored run
// has every patient checked. The outbox is then read to prove nothing was sent. Raw bulk and
// naive writes of the same records follow, each in its own fresh profile.

import { expect, test } from '@playwright/test';
import { fmt, goOffline, loadDemo, outboxCounts, startRun, waitAllChecked } from './lib/app';
import { APP_INDEXES, openBaselinePage, RAW_BATCH, sampleRecords, SAMPLE_PATIENTS, writeRecords, type RecordSample } from './lib/baselines';
import { BENCH } from './lib/env';
import { openApp, openProfile } from './lib/profile';
import { recordFigures } from './lib/results';
import { figure, type Figure } from './lib/stats';
import { MIB, WorkerMemory } from './lib/workerMemory';

interface Iteration {
  readonly loadSeconds: number;
  readonly prepareSeconds: number;
  readonly rawSeconds: number;
  /** The raw bulk write with the app's secondary indexes. */
  readonly rawIndexedSeconds: number;
  /** Seconds for naiveRecords records, one transaction each. */
  readonly naiveSeconds: number;
  readonly naiveRecords: number;
  readonly peakBytes: number;
  readonly retainedBytes: number;
  readonly queued: number;
}

async function prepareOnce(baseURL: string, size: number): Promise<Omit<Iteration, 'rawSeconds' | 'rawIndexedSeconds' | 'naiveSeconds' | 'naiveRecords'>> {
  const app = await openApp(baseURL);
  try {
    const loadSeconds = await loadDemo(app.page, size);
    const memory = await WorkerMemory.attach(app.context, app.page);
    await goOffline(app.page);
    const sampler = memory.samplePeak();
    const t0 = await startRun(app.page);
    const done = await waitAllChecked(app.page, 900_000);
    const peakBytes = await sampler.stop();
    const retainedBytes = await memory.retainedBytes();
    await memory.detach();
    const stored = await outboxCounts(app.page);
    // The measurement is of preparing only: no message may have been answered. (The sender may
    // have claimed its first batch, state `sending`, before it saw the offline hold.)
    expect(stored.sent + stored.failed + stored.waiting, 'messages answered during the prepare measurement').toBe(0);
    expect(stored.queued + stored.sending).toBe(done.run.queued);
    return { loadSeconds, prepareSeconds: (done.at - t0) / 1000, peakBytes, retainedBytes, queued: done.run.queued };
  } finally {
    await app.close();
  }
}

async function baseline(baseURL: string, sample: RecordSample, n: number, perTransaction: number, indexes: typeof APP_INDEXES | null = null): Promise<number> {
  const profile = await openProfile(baseURL);
  try {
    await openBaselinePage(profile.page);
    return await writeRecords(profile.page, sample, n, perTransaction, `baseline-${perTransaction}`, indexes);
  } finally {
    await profile.close();
  }
}

function figuresFor(size: number, label: string, runs: readonly Iteration[], sample: RecordSample): Figure[] {
  const naiveN = runs[0]?.naiveRecords ?? 0;
  const naiveNote =
    naiveN < size
      ? `one transaction per record for a sample of the first ${fmt(naiveN)} records, extrapolated to ${fmt(size)} at the sample's rate (the sample writes into an emptier database, so the naive figure is if anything optimistic and the ratio conservative)`
      : `one transaction per record for all ${fmt(size)} records`;
  const records = `${fmt(size)} records cycling through the app's own rows for ${fmt(SAMPLE_PATIENTS)} patients spread over the practice (mean ${Math.round(sample.meanBytes)} bytes as JSON), to a separate database in a fresh profile of the same browser`;
  const prepareSeconds = runs.map((r) => r.prepareSeconds);
  const naiveFullSeconds = (r: Iteration): number => (r.naiveSeconds / r.naiveRecords) * size;
  const prepNote = `from "Yes, run" to the stored run having all ${fmt(size)} patients checked (check and queue, the message's body being built when it is first sent; browser offline so nothing is sent; the Upload screen open, as a user would have it); on-disk profile; about ${fmt(runs[0]?.queued ?? 0)} messages queued`;
  return [
    figure(`prepare_${label}_patients_per_s`, 'patients/s', prepareSeconds.map((s) => size / s), prepNote),
    figure(`prepare_${label}_seconds`, 's', prepareSeconds, prepNote),
    figure(`prepare_${label}_ratio_to_raw_bulk`, '×', runs.map((r) => r.rawSeconds / r.prepareSeconds), `raw bulk seconds ÷ prepare seconds, paired per run (above 1: the whole run is faster than merely writing its output in bulk); raw bulk = ${records}, ${fmt(RAW_BATCH)} per transaction`),
    figure(`prepare_${label}_ratio_to_naive`, '×', runs.map((r) => naiveFullSeconds(r) / r.prepareSeconds), `naive seconds ÷ prepare seconds, paired per run; naive = ${records}, ${naiveNote}`),
    figure(`prepare_${label}_ratio_to_raw_bulk_indexed`, '×', runs.map((r) => r.rawIndexedSeconds / r.prepareSeconds), `as the ratio to raw bulk, but the raw write keeps the app's secondary indexes on the outbox (6) and outcomes (1) as the app's schema does`),
    figure(`raw_bulk_${label}_records_per_s`, 'records/s', runs.map((r) => size / r.rawSeconds), `raw IndexedDB, ${fmt(RAW_BATCH)} records per transaction, ${records}`),
    figure(`naive_${label}_records_per_s`, 'records/s', runs.map((r) => r.naiveRecords / r.naiveSeconds), `one transaction per record, awaited in turn; ${naiveNote}`),
    figure(`worker_memory_mb_${label}`, 'MiB', runs.map((r) => r.peakBytes / MIB), `peak of the engine worker's heap (V8 + Blink + ArrayBuffers, CDP Runtime.getHeapUsage every 0.5 s, no forced GC) during the ${fmt(size)}-patient prepare`),
    figure(`worker_memory_retained_mb_${label}`, 'MiB', runs.map((r) => r.retainedBytes / MIB), `the engine worker's heap after a forced full GC once all ${fmt(size)} patients are checked`),
    figure(`demo_load_${label}_seconds`, 's', runs.map((r) => r.loadSeconds), `"Load the demo practice" (${fmt(size)} patients) to the overview showing the patient count; on-disk profile`),
  ];
}

async function measure(baseURL: string, size: number, label: string, repetitions: number): Promise<void> {
  const sample = sampleRecords(size);
  const naiveRecords = Math.min(size, BENCH.naiveSample);
  const runs: Iteration[] = [];
  for (let i = 0; i < repetitions; i++) {
    const prep = await prepareOnce(baseURL, size);
    const rawSeconds = await baseline(baseURL, sample, size, RAW_BATCH);
    const rawIndexedSeconds = await baseline(baseURL, sample, size, RAW_BATCH, APP_INDEXES);
    const naiveSeconds = await baseline(baseURL, sample, naiveRecords, 1);
    const run: Iteration = { ...prep, rawSeconds, rawIndexedSeconds, naiveSeconds, naiveRecords };
    runs.push(run);
    console.log(`prepare ${fmt(size)} #${i + 1}: load ${prep.loadSeconds.toFixed(1)} s, prepare ${prep.prepareSeconds.toFixed(1)} s, raw ${rawSeconds.toFixed(1)} s, raw with the app's indexes ${rawIndexedSeconds.toFixed(1)} s, naive ${fmt(naiveRecords)} in ${naiveSeconds.toFixed(1)} s, worker peak ${(prep.peakBytes / MIB).toFixed(0)} MiB, retained ${(prep.retainedBytes / MIB).toFixed(0)} MiB`);
  }
  recordFigures(figuresFor(size, label, runs, sample));
}

test('prepare 10,000 patients', async ({ baseURL }) => {
  test.setTimeout(BENCH.runs * 600_000);
  await measure(baseURL ?? '', 10_000, '10k', BENCH.runs);
});

test('prepare 100,000 patients', async ({ baseURL }) => {
  test.skip(BENCH.skipBig, 'BENCH_SKIP_100K=1');
  test.setTimeout(BENCH.bigRuns * 1_800_000);
  await measure(baseURL ?? '', 100_000, '100k', BENCH.bigRuns);
});
