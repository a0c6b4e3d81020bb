// Measures, in Node with fake-indexeddb, how long importing an exported demo practice takes,
// phase by phase. Not a test (timings vary by machine): run it by hand,
//   npx tsx test/unit/import/measureImport.ts 10000
// fake-indexeddb keeps the database in this process's memory, so the heap figure here is the
// importer plus the whole database, an upper bound on what the importer alone uses.

import 'fake-indexeddb/auto';
import { ScrDatabase } from '../../../src/db/database';
import { DEFAULT_DEMO_SEED } from '../../../src/demo/generatePatients';
import { loadDemoPractice } from '../../../src/worker/demoLoader';
import { exportPractice } from '../../../src/worker/import/exportPractice';
import { importPractice } from '../../../src/worker/import/importPractice';
import type { ImportPhase } from '../../../src/shared/importTypes';

const size = Number(process.argv[2] ?? 10_000);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;

async function main(): Promise<void> {
  const source = new ScrDatabase(`measure-source-${process.pid}`);
  await loadDemoPractice(source, { size, seed: DEFAULT_DEMO_SEED, asOf: '2026-01-15' }, { onProgress: () => undefined, isCancelled: () => false, now: () => new Date().toISOString() });
  let t = performance.now();
  const files = await exportPractice(source);
  const exportMs = performance.now() - t;
  const bytes = files.reduce((n, f) => n + f.blob.size, 0);
  const lines = (await Promise.all(files.map(async (f) => (await f.blob.text()).split('\n').length - 1))).reduce((a, b) => a + b, 0);
  source.close();
  await source.delete();

  const target = new ScrDatabase(`measure-target-${process.pid}`);
  await target.open();
  const phaseStart = new Map<ImportPhase, number>();
  let peakHeap = 0;
  t = performance.now();
  const outcome = await importPractice(target, files, {
    onProgress: (p) => {
      if (!phaseStart.has(p.phase)) phaseStart.set(p.phase, performance.now());
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
    isCancelled: () => false,
    now: () => new Date().toISOString(),
  });
  const end = performance.now();
  const at = (phase: ImportPhase) => phaseStart.get(phase) ?? end;
  console.log(`${size.toLocaleString('en-GB')} patients: ${files.length} files, ${lines.toLocaleString('en-GB')} resources, ${mib(bytes)}; export ${seconds(exportMs)} s`);
  console.log(`import ${outcome.kind} in ${seconds(end - t)} s: reading ${seconds(at('joining') - at('reading'))} s, joining ${seconds(at('tidying') - at('joining'))} s, tidying ${seconds(end - at('tidying'))} s`);
  console.log(`patients ${outcome.summary.patients}, report rows ${outcome.summary.errors + outcome.summary.warnings}, peak heap seen ${mib(peakHeap)}`);
  target.close();
  await target.delete();
}

void main();
