// The import's parked patients: however the join assembles them (hash-bucket order), they end up
// stored in seq order, 100 to a chunk on chunk windows, from a few parked rows; a cancel between
// bins stops the writing.

import '../setup/indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePatient } from '../../../src/demo/generatePatients';
import type { Patient } from '../../../src/domain/model/practice';
import { JOIN_BIN, JoinedPatients } from '../../../src/worker/import/joinedPatients';
import { closeAll, openDb } from './support';
import { storedPatients } from '../db/storedPatients';

afterEach(closeAll);

const BASE = 201;
const COUNT = 2 * JOIN_BIN + 1_050;

/** COUNT patients as seqs BASE.., in a scrambled (but fixed) order, as the join assembles them. */
function assembled(): Patient[] {
  const template = generatePatient({ seed: 3, asOf: '2026-01-15' }, 1);
  const patients = Array.from({ length: COUNT }, (_, i): Patient => ({ ...template, seq: BASE + i, id: `p${BASE + i}` }));
  // A fixed permutation: stride through the list by a step coprime with its length.
  const step = 7_919;
  return patients.map((_, i) => patients[(i * step) % COUNT] as Patient);
}

async function park(joined: JoinedPatients, patients: readonly Patient[]): Promise<void> {
  for (let from = 0; from < patients.length; from += 2_000) await joined.park(joined.rowsFor(patients.slice(from, from + 2_000)));
}

describe('writing the parked patients in order', () => {
  it('every patient once, in seq order, in chunks on chunk windows, from a few parked rows', async () => {
    const db = openDb();
    const joined = new JoinedPatients(db, BASE);
    await park(joined, assembled());
    expect(await db.importJoined.count()).toBeLessThanOrEqual(Math.ceil(COUNT / 2_000) * 3);

    const placed: number[] = [];
    expect(await joined.writeInOrder((n) => placed.push(n), () => false)).toBe('written');
    expect(placed).toEqual([JOIN_BIN, 2 * JOIN_BIN, COUNT]);
    const stored = await storedPatients(db);
    expect(stored.map((p) => p.seq)).toEqual(Array.from({ length: COUNT }, (_, i) => BASE + i));
    const keys = await db.patientChunks.toCollection().primaryKeys();
    expect(keys).toEqual(Array.from({ length: Math.ceil(COUNT / 100) }, (_, i) => BASE + 100 * i));
  });

  it('cancelled after the first bin: only that bin is written', async () => {
    const db = openDb();
    const joined = new JoinedPatients(db, BASE);
    await park(joined, assembled());
    let bins = 0;
    expect(await joined.writeInOrder(() => bins++, () => bins >= 1)).toBe('cancelled');
    expect((await storedPatients(db)).map((p) => p.seq)).toEqual(Array.from({ length: JOIN_BIN }, (_, i) => BASE + i));
  });
});
