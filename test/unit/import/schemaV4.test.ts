// Schema v4: a database that version 3 left opens with its practice's patients as the current
// range, nothing lost; one without a practice gets no range (any rows it has are stale).

import { uniqueDatabaseName } from '../setup/indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ScrDatabase } from '../../../src/db/database';
import { findPatients } from '../../../src/worker/patientLookup';
import { purgeStalePatients } from '../../../src/worker/import/practiceData';
import { writeOldShape } from '../db/oldShape';
import { storedPatientCount } from '../db/storedPatients';

const opened: ScrDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A v3-era patient row, written literally (the v3 shape). */
function v3Patient(seq: number) {
  return {
    seq,
    id: `p${seq}`,
    nhsNumber: '9990000026',
    nhsNumberVerified: true,
    title: null,
    givenName: 'Ann',
    familyName: 'Old',
    gender: 'female',
    birthDate: '1970-01-01',
    postcode: null,
    registrationType: 'permanent',
    registeredOn: '2000-01-01',
    deregisteredOn: null,
    deceased: false,
    deceasedOn: null,
    fp69: false,
    sensitive: false,
    existingSummary: false,
    medications: [],
    allergies: [],
    codedEntries: [],
  };
}

const V3_PRACTICE = { key: 'practice', name: 'Old Surgery', odsCode: 'A12345', source: 'demo', demo: { seed: 1, size: 3, asOf: '2025-01-01' }, loadedAt: '2025-01-01T10:00:00.000Z', stats: { patients: 3 } };

describe('opening a v3 database', () => {
  it('with a practice: its patients become the current range and are all still listed', async () => {
    const name = uniqueDatabaseName('v4-upgrade');
    await writeOldShape(name, 3, { practice: [V3_PRACTICE], patients: [v3Patient(1), v3Patient(2), v3Patient(3)] });
    const db = new ScrDatabase(name);
    opened.push(db);
    await db.open();
    expect(await db.patientRange.get('current')).toEqual({ key: 'current', firstSeq: 1, lastSeq: 3 });
    expect((await findPatients(db, '', 0, 10)).map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    await purgeStalePatients(db);
    expect(await storedPatientCount(db)).toBe(3);
    expect(await db.importStage.count()).toBe(0);
  });

  it('without a practice (a load that never finished): no range, and the leftover rows are stale (v5 does not keep them)', async () => {
    const name = uniqueDatabaseName('v4-upgrade');
    await writeOldShape(name, 3, { patients: [v3Patient(1), v3Patient(2)] });
    const db = new ScrDatabase(name);
    opened.push(db);
    await db.open();
    expect(await db.patientRange.get('current')).toBeUndefined();
    expect(await findPatients(db, '', 0, 10)).toEqual([]);
    expect(await storedPatientCount(db)).toBe(0);
  });
});
