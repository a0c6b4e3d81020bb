// Helpers for the import tests: databases that are deleted afterwards, a demo practice loaded
// the way the app loads it, files as Blobs, and running an import with a fixed clock.

import { uniqueDatabaseName } from '../setup/indexeddb';
import { ScrDatabase } from '../../../src/db/database';
import { DEFAULT_DEMO_SEED } from '../../../src/demo/generatePatients';
import { loadDemoPractice } from '../../../src/worker/demoLoader';
import { importPractice, type ImportOptions, type ImportSource } from '../../../src/worker/import/importPractice';
import type { ImportOutcome, ImportProgress } from '../../../src/shared/importTypes';

export const AS_OF = '2026-01-15';
export const NOW = '2026-01-15T12:00:00.000Z';

const opened: ScrDatabase[] = [];

export function openDb(prefix = 'import'): ScrDatabase {
  const db = new ScrDatabase(uniqueDatabaseName(prefix));
  opened.push(db);
  return db;
}

export async function closeAll(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
}

export async function loadDemo(db: ScrDatabase, size: number, seed = DEFAULT_DEMO_SEED): Promise<void> {
  const outcome = await loadDemoPractice(db, { size, seed, asOf: AS_OF }, { onProgress: () => undefined, isCancelled: () => false, now: () => NOW });
  if (outcome.kind !== 'loaded') throw new Error('demo load did not finish');
}

export const file = (name: string, content: string | Uint8Array<ArrayBuffer>): ImportSource => ({ name, blob: new Blob([content]) });

export const ndjson = (name: string, resources: readonly object[]): ImportSource => file(name, resources.map((r) => JSON.stringify(r)).join('\n') + '\n');

export async function runImport(db: ScrDatabase, sources: readonly ImportSource[], extra: Partial<ImportOptions> = {}): Promise<{ outcome: ImportOutcome; progress: ImportProgress[] }> {
  const progress: ImportProgress[] = [];
  const outcome = await importPractice(db, sources, { onProgress: (p) => progress.push(p), isCancelled: () => false, now: () => NOW, ...extra });
  return { outcome, progress };
}
