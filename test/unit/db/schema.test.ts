// The practice database: the v1 schema (tables, keys, indexes) as declared and as actually
// created in IndexedDB, patients and the practice row stored and read back unchanged, the log
// and settings, and opening a database an older version of the app left (oldShape.ts).

import { uniqueDatabaseName } from '../setup/indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type Dexie from 'dexie';
import { DATABASE_NAME, SCHEMA_VERSIONS, ScrDatabase } from '../../../src/db/database';
import { appendLog, logAsText, readLog } from '../../../src/db/logStore';
import type { Patient, Practice } from '../../../src/domain/model/practice';
import { DEFAULT_DEMO_SEED, generatePage } from '../../../src/demo/generatePatients';
import { createStatsAccumulator } from '../../../src/worker/practiceStats';
import { oldShapeDatabase, storedVersion, writeOldShape } from './oldShape';
import { storedPatients } from './storedPatients';
import { findByNhsPrefix, findByRecordId, getPatient, getPatients, nextFreeSeq, putPatients, readPatientsAfter } from '../../../src/db/patientStore';
import { PATIENTS_PER_CHUNK } from '../../../src/db/patientChunks';
import type { PatientRange } from '../../../src/db/types';

const OPTIONS = { seed: DEFAULT_DEMO_SEED, asOf: '2025-01-31' };

const opened: ScrDatabase[] = [];
function openDb(name = uniqueDatabaseName('schema')): ScrDatabase {
  const db = new ScrDatabase(name);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

function practiceFor(patients: readonly Patient[]): Practice {
  const stats = createStatsAccumulator();
  for (const p of patients) stats.add(p);
  return {
    key: 'practice',
    name: "St Mary's Health Centre (demo)",
    odsCode: 'Y90101',
    source: 'demo',
    demo: { seed: OPTIONS.seed, size: patients.length, asOf: OPTIONS.asOf },
    loadedAt: '2025-01-31T09:15:00.000Z',
    stats: stats.result(),
  };
}

/** Object store names, key paths and index names as IndexedDB itself reports them. */
function nativeSchema(db: Dexie) {
  const idb = db.backendDB();
  const names = [...idb.objectStoreNames].sort();
  const tx = idb.transaction(names, 'readonly');
  return Object.fromEntries(
    names.map((n) => {
      const store = tx.objectStore(n);
      return [n, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes: [...store.indexNames].sort() }];
    }),
  );
}

/** The v1 tables exactly as version 1 declares them: later versions may only add tables. */
const V1_SCHEMA = {
  log: { primKey: 'id', auto: true, indexes: ['at'] },
  patients: { primKey: 'seq', auto: false, indexes: ['id', 'nhsNumber'] },
  practice: { primKey: 'key', auto: false, indexes: [] },
  settings: { primKey: 'key', auto: false, indexes: [] },
};

const V1_NATIVE = {
  log: { keyPath: 'id', autoIncrement: true, indexes: ['at'] },
  patients: { keyPath: 'seq', autoIncrement: false, indexes: ['id', 'nhsNumber'] },
  practice: { keyPath: 'key', autoIncrement: false, indexes: [] },
  settings: { keyPath: 'key', autoIncrement: false, indexes: [] },
};

/** Each table's primary key and indexes as Dexie declares them. */
function declaredSchema(db: Dexie) {
  return Object.fromEntries(
    db.tables.map((t) => [t.name, { primKey: t.schema.primKey.keyPath, auto: t.schema.primKey.auto, indexes: t.schema.indexes.map((i) => String(i.keyPath)).sort() }]),
  );
}

describe('v1 schema', () => {
  it('the default database name is the product one', () => {
    expect(new ScrDatabase().name).toBe(DATABASE_NAME);
  });

  it('the v1 shape opens with exactly the v1 tables, primary keys and indexes, in Dexie and in IndexedDB', async () => {
    const name = uniqueDatabaseName('v1');
    const db = oldShapeDatabase(name, 1);
    await db.open();
    try {
      expect(db.verno).toBe(1);
      expect(db.tables.map((t) => t.name).sort()).toEqual(['log', 'patients', 'practice', 'settings']);
      expect(declaredSchema(db)).toEqual(V1_SCHEMA);
      expect(nativeSchema(db)).toEqual(V1_NATIVE);
    } finally {
      db.close();
      await db.delete();
    }
  });

  it('the current ScrDatabase opens at the latest version and keeps every v1 table but patients unchanged; v5 stores patients in chunks', async () => {
    const db = openDb();
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.length);
    const declared = declaredSchema(db);
    const native = nativeSchema(db);
    for (const table of ['log', 'practice', 'settings'] as const) {
      expect(declared[table], table).toEqual(V1_SCHEMA[table]);
      expect(native[table], table).toEqual(V1_NATIVE[table]);
    }
    expect(native['patients']).toBeUndefined();
    expect(native['patientChunks']).toEqual({ keyPath: 'first', autoIncrement: false, indexes: ['ids', 'nhsNumbers'] });
    // Dexie's declaration and the stores IndexedDB really has agree on every table.
    expect(Object.keys(native).sort()).toEqual(db.tables.map((t) => t.name).sort());
  });
});

describe('patients', () => {
  it('a generated page stored in chunks reads back deep-equal, in seq order, whole or one at a time', async () => {
    const db = openDb();
    const patients = generatePage(OPTIONS, 1, 300);
    await putPatients(db, patients);
    expect(await db.patientChunks.count()).toBe(300 / PATIENTS_PER_CHUNK);
    expect(await storedPatients(db)).toEqual(patients);
    expect(await readPatientsAfter(db, 0, 300, 1_000)).toEqual(patients);
    expect(await readPatientsAfter(db, 150, 260, 20)).toEqual(patients.slice(150, 170));
    const one = patients[122];
    if (!one) throw new Error('fixture too small');
    expect(await getPatient(db, one.seq)).toEqual(one);
    expect(await getPatients(db, [250, 3, 999, 3])).toEqual([patients[249], patients[2], undefined, patients[2]]);
  });

  it('the NHS-number and record-id searches find current patients only; a patient with no NHS number is not found by number', async () => {
    const db = openDb();
    const patients = generatePage(OPTIONS, 1, 2_000);
    await putPatients(db, patients);
    const range: PatientRange = { key: 'current', firstSeq: 1, lastSeq: 2_000 };
    const target = patients.find((p) => p.nhsNumber !== null && p.seq > 1_000);
    if (!target?.nhsNumber) throw new Error('fixture has no numbered patient');
    expect(await findByNhsPrefix(db, range, target.nhsNumber, 10)).toEqual([target]);
    expect(await findByRecordId(db, range, target.id, 10)).toEqual([target]);
    // Not current: not found, though stored.
    const before: PatientRange = { ...range, lastSeq: target.seq - 1 };
    expect(await findByNhsPrefix(db, before, target.nhsNumber, 10)).toEqual([]);
    expect(await findByRecordId(db, before, target.id, 10)).toEqual([]);

    const numbered = patients.filter((p) => p.nhsNumber !== null);
    expect(numbered.length).toBeLessThan(patients.length);
    const byPrefix = await findByNhsPrefix(db, range, '9', 5_000);
    expect(byPrefix.map((p) => p.seq).sort((a, b) => a - b)).toEqual(numbered.filter((p) => p.nhsNumber?.startsWith('9')).map((p) => p.seq));
    // In NHS-number order, and at most the limit.
    const five = await findByNhsPrefix(db, range, '9', 5);
    expect(five.map((p) => p.nhsNumber)).toEqual(byPrefix.map((p) => p.nhsNumber).sort().slice(0, 5));
  });

  it('a new load starts at a new chunk window above every stored patient', async () => {
    const db = openDb();
    expect(await nextFreeSeq(db)).toBe(1);
    await putPatients(db, generatePage(OPTIONS, 1, 150));
    expect(await nextFreeSeq(db)).toBe(201);
  });
});

describe('the practice row', () => {
  it('round-trips deep-equal and there is only ever one', async () => {
    const db = openDb();
    const patients = generatePage(OPTIONS, 1, 200);
    const practice = practiceFor(patients);
    await db.practice.put(practice);
    expect(await db.practice.get('practice')).toEqual(practice);

    const replaced: Practice = { ...practice, name: 'Riverside Surgery (demo)', loadedAt: '2025-02-01T08:00:00.000Z' };
    await db.practice.put(replaced);
    expect(await db.practice.count()).toBe(1);
    expect(await db.practice.get('practice')).toEqual(replaced);
  });

  it('the stats stored with it count the stored patients', async () => {
    const db = openDb();
    const patients = generatePage(OPTIONS, 1, 500);
    await putPatients(db, patients);
    await db.practice.put(practiceFor(patients));
    const stored = await db.practice.get('practice');
    const all = await storedPatients(db);
    expect(stored?.stats.patients).toBe(all.length);
    expect(stored?.stats.byRegistration.permanent).toBe(all.filter((p) => p.registrationType === 'permanent').length);
    expect(Object.values(stored?.stats.byConsent ?? {}).reduce((a, b) => a + b, 0)).toBe(all.length);
  });
});

describe('log and settings', () => {
  it('log entries keep the order they were written in and read in pages after an id', async () => {
    const db = openDb();
    const at = new Date('2025-01-31T10:00:00Z');
    for (let i = 1; i <= 5; i++) await appendLog(db, new Date(at.getTime() + i * 1000), i === 4 ? 'warning' : 'info', `entry ${i}`);
    const all = await readLog(db, 0, 100);
    expect(all.map((e) => e.text)).toEqual(['entry 1', 'entry 2', 'entry 3', 'entry 4', 'entry 5']);
    const second = all[1];
    if (second?.id === undefined) throw new Error('log entry without id');
    expect((await readLog(db, second.id, 2)).map((e) => e.text)).toEqual(['entry 3', 'entry 4']);
    const text = await logAsText(db);
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toContain('2025-01-31T10:00:04.000Z\tWARNING\tentry 4\n');
  });

  it('an empty log is an empty text', async () => {
    expect(await logAsText(openDb())).toBe('');
  });

  it('settings round-trip structured values', async () => {
    const db = openDb();
    await db.settings.put({ key: 'persist-asked', value: { at: '2025-01-31', granted: false } });
    expect(await db.settings.get('persist-asked')).toEqual({ key: 'persist-asked', value: { at: '2025-01-31', granted: false } });
  });
});

describe('opening a database an older version of the app left', () => {
  it('oldShapeDatabase declares exactly the first n versions', () => {
    expect(oldShapeDatabase(uniqueDatabaseName('old'), 1).verno).toBe(1);
    expect(() => oldShapeDatabase('x', 0)).toThrow(RangeError);
    expect(() => oldShapeDatabase('x', SCHEMA_VERSIONS.length + 1)).toThrow(RangeError);
  });

  it('v1 rows written with plain Dexie are intact when the current ScrDatabase opens them', async () => {
    const name = uniqueDatabaseName('old-v1');
    // Rows as version 1 stores them (today's generator still makes the v1 shape; when the
    // patient shape changes, pin these as literal v1 objects).
    const patients = generatePage(OPTIONS, 1, 120);
    const practice = practiceFor(patients);
    const log = [
      { at: '2025-01-30T09:00:00.000Z', level: 'info', text: 'Loading the demo practice: 120 patients (seed 1).' },
      { at: '2025-01-30T09:00:01.000Z', level: 'info', text: 'Demo practice loaded: 120 patients in 1.0 s.' },
    ];
    await writeOldShape(name, 1, { practice: [practice], patients, log, settings: [{ key: 'k', value: 42 }] });
    const v1Version = await storedVersion(name);

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.length);
    expect(await storedVersion(name)).toBeGreaterThanOrEqual(v1Version);
    expect(await db.practice.get('practice')).toEqual(practice);
    expect(await storedPatients(db)).toEqual(patients);
    expect((await db.log.toArray()).map(({ at, level, text }) => ({ at, level, text }))).toEqual(log);
    expect(await db.settings.get('k')).toEqual({ key: 'k', value: 42 });
    // And it keeps working as the current version: the log continues after the old entries.
    await appendLog(db, new Date('2025-01-31T00:00:00Z'), 'info', 'after upgrade');
    expect((await readLog(db, 2, 10)).map((e) => e.text)).toEqual(['after upgrade']);
  });

  it('v2 outbox rows gain failureCode, and the v3 indexes find them by run, state and NHS number', async () => {
    const name = uniqueDatabaseName('old-v2');
    // Literal v2 rows: no failureCode field.
    const v2Row = (requestId: string, seq: number, state: string, failure: string | null) => ({
      requestId, runId: 1, seq, nhsNumber: `943476${String(seq).padStart(4, '0')}`, bundleId: `b-${seq}`, compositionId: `c-${seq}`,
      body: '{}', queuedAt: '2025-01-30T09:00:00.000Z', state, attempts: [], nextAttemptAt: 0, failure,
    });
    await writeOldShape(name, 2, {
      outbox: [v2Row('r1', 1, 'queued', null), v2Row('r2', 2, 'failed', 'Refused by the Spine (409)'), v2Row('r3', 3, 'sent', null)],
    });
    const db = openDb(name);
    await db.open();
    const rows = await db.outbox.orderBy('requestId').toArray();
    expect(rows.map((r) => [r.requestId, r.state, r.failureCode, r.failure, r.retryBase])).toEqual([
      ['r1', 'queued', null, null, 0],
      ['r2', 'failed', 'refused', 'Refused by the Spine (409)', 0],
      ['r3', 'sent', null, null, 0],
    ]);
    expect(await db.outbox.where('[runId+state+seq]').between([1, 'failed', 0], [1, 'failed', Infinity]).primaryKeys()).toEqual(['r2']);
    expect(await db.outbox.where('[runId+failureCode+seq]').between([1, 'refused', 0], [1, 'refused', Infinity]).primaryKeys()).toEqual(['r2']);
    expect(await db.outbox.where('[runId+nhsNumber]').equals([1, '9434760003']).primaryKeys()).toEqual(['r3']);
  });

  it.each(Array.from({ length: SCHEMA_VERSIONS.length }, (_, i) => i + 1))('from the v%i shape the current schema opens with every current table', async (n) => {
    const name = uniqueDatabaseName(`old-v${n}`);
    await writeOldShape(name, n, {});
    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.length);
    expect(Object.keys(nativeSchema(db)).sort()).toEqual(db.tables.map((t) => t.name).sort());
  });
});
