// Opens the practice database as an OLDER version of the app left it, for upgrade tests.
// Schema versions are append-only (src/db/database.ts): `SCHEMA_VERSIONS.slice(0, n)` declares
// exactly the schema of version n, with plain Dexie, so none of today's classes or types apply.
//
// Pattern for an upgrade test (when version n + 1 is added):
//   await writeOldShape(name, n, { patients: [/* rows exactly as version n stored them */] });
//   const db = new ScrDatabase(name);   // runs every upgrade from n to the latest
//   ... assert the rows now have the new shape and nothing was lost.
// Write old rows as literal objects of THAT version's shape, not with today's generator, so the
// test keeps describing the old shape after the types move on.

import '../setup/indexeddb';
import Dexie from 'dexie';
import { SCHEMA_VERSIONS } from '../../../src/db/database';

/** Rows to write, by table name, exactly as the old version stored them. */
export type OldShapeRows = Readonly<Record<string, readonly object[]>>;

/** A Dexie declaring only the first `versions` schema versions (1 = the v1 shape). */
export function oldShapeDatabase(name: string, versions: number): Dexie {
  if (!Number.isInteger(versions) || versions < 1 || versions > SCHEMA_VERSIONS.length) {
    throw new RangeError(`versions must be 1..${SCHEMA_VERSIONS.length}; got ${versions}`);
  }
  const db = new Dexie(name);
  for (const declare of SCHEMA_VERSIONS.slice(0, versions)) declare(db);
  return db;
}

/**
 * Creates (or opens) database `name` at schema version `versions`, writes `rows` with bulkPut,
 * and closes it, leaving it as that version of the app would have.
 */
export async function writeOldShape(name: string, versions: number, rows: OldShapeRows): Promise<void> {
  const db = oldShapeDatabase(name, versions);
  await db.open();
  try {
    const tables = Object.keys(rows).map((t) => db.table(t));
    if (tables.length === 0) return;
    await db.transaction('rw', tables, async () => {
      for (const [table, list] of Object.entries(rows)) await db.table(table).bulkPut([...list]);
    });
  } finally {
    db.close();
  }
}

/** The IndexedDB version number of database `name` as stored (Dexie stores `verno * 10`). */
export async function storedVersion(name: string): Promise<number> {
  const dbs = await indexedDB.databases();
  const found = dbs.find((d) => d.name === name);
  if (found?.version === undefined) throw new Error(`no database named ${name}`);
  return found.version;
}
