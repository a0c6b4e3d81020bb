// Schema v5: patients move from one record each into chunks. A database version 4 left, with a
// practice whose range does not start at a chunk boundary and stale rows on both sides of it,
// opens with exactly its current patients, found the ways the app finds them (the preview's
// list and NHS-number and record-id searches, a patient by seq for a queued message), its
// stale rows gone, and a new demo load then replaces it as before.

import '../setup/indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePage } from '../../../src/demo/generatePatients';
import type { Patient } from '../../../src/domain/model/practice';
import { findPatients } from '../../../src/worker/patientLookup';
import { currentPatient, nextFreeSeq } from '../../../src/worker/import/practiceData';
import { closeAll, loadDemo, openDb } from '../import/support';
import { writeOldShape } from './oldShape';
import { storedPatients } from './storedPatients';

afterEach(closeAll);

/** A practice row as v4 stored it. */
const V4_PRACTICE = { key: 'practice', name: 'Old Surgery', odsCode: 'A12345', source: 'import', demo: null, loadedAt: '2025-06-01T10:00:00.000Z', stats: { patients: 250 } };

/** Today's generator still makes the v4 patient shape; seqs renumbered to where v4 kept them. */
function v4Patients(firstSeq: number, count: number, idPrefix: string): Patient[] {
  return generatePage({ seed: 5, asOf: '2025-06-01' }, 1, count).map((p, i) => ({ ...p, seq: firstSeq + i, id: `${idPrefix}${firstSeq + i}` }));
}

describe('opening a v4 database', () => {
  it('its current patients are all kept, in order and unchanged, and the stale rows around them are gone', async () => {
    const db = openDb('v5-upgrade');
    // Stale seqs 1-4 (a replaced practice) and 255-262 (a load that crashed); current 5-254.
    const stale = [...v4Patients(1, 4, 'old-'), ...v4Patients(255, 8, 'crashed-')];
    const current = v4Patients(5, 250, 'p');
    await writeOldShape(db.name, 4, {
      practice: [V4_PRACTICE],
      patientRange: [{ key: 'current', firstSeq: 5, lastSeq: 254 }],
      patients: [...stale, ...current],
    });
    await db.open();

    expect(await storedPatients(db)).toEqual(current);
    expect(await db.patientRange.get('current')).toEqual({ key: 'current', firstSeq: 5, lastSeq: 254 });
    expect(db.backendDB().objectStoreNames.contains('patients')).toBe(false);

    // The preview's list, page by page, and its searches.
    expect((await findPatients(db, '', 0, 3)).map((p) => p.id)).toEqual(['p5', 'p6', 'p7']);
    expect((await findPatients(db, '', 247, 10)).map((p) => p.id)).toEqual(['p252', 'p253', 'p254']);
    const numbered = current.find((p) => p.nhsNumber !== null && p.seq > 120);
    if (!numbered?.nhsNumber) throw new Error('fixture has no numbered patient');
    expect((await findPatients(db, numbered.nhsNumber, 0, 10)).map((p) => p.id)).toEqual([numbered.id]);
    expect((await findPatients(db, 'p200', 0, 10)).map((p) => p.seq)).toEqual([200]);
    expect(await findPatients(db, 'crashed-256', 0, 10)).toEqual([]);

    // A queued message's patient, by seq.
    expect(await currentPatient(db, 7)).toEqual(current[2]);
    expect(await currentPatient(db, 3)).toBeNull();
  });

  it('a demo load after the upgrade starts above every kept patient and replaces the practice', async () => {
    const db = openDb('v5-upgrade');
    await writeOldShape(db.name, 4, {
      practice: [V4_PRACTICE],
      patientRange: [{ key: 'current', firstSeq: 5, lastSeq: 254 }],
      patients: v4Patients(5, 250, 'p'),
    });
    await db.open();
    expect(await nextFreeSeq(db)).toBe(301);

    await loadDemo(db, 120);
    expect(await db.patientRange.get('current')).toEqual({ key: 'current', firstSeq: 301, lastSeq: 420 });
    const stored = await storedPatients(db);
    expect(stored.map((p) => p.seq)).toEqual(Array.from({ length: 120 }, (_, i) => 301 + i));
    expect((await findPatients(db, '', 0, 2)).map((p) => p.id)).toEqual(['demo-000001', 'demo-000002']);
  });

  it('without a practice nothing is kept: every row was stale', async () => {
    const db = openDb('v5-upgrade');
    await writeOldShape(db.name, 4, { patients: v4Patients(1, 30, 'p') });
    await db.open();
    expect(await storedPatients(db)).toEqual([]);
    expect(await findPatients(db, '', 0, 10)).toEqual([]);
  });
});
