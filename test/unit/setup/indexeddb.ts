// Installs fake-indexeddb's `indexedDB` and `IDBKeyRange` globals for unit tests that use the
// practice database in Node. Import it BEFORE anything that imports Dexie (Dexie reads the
// globals when it loads); once vitest's `setupFiles` lists this file, the explicit imports in
// test files are harmless duplicates.

import 'fake-indexeddb/auto';

let counter = 0;

/** A database name no other test in this process uses, so tests never share state. */
export function uniqueDatabaseName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
