// Export then import: the demo practice exported in the extract format and imported into a
// fresh browser profile gives the same patients, the same eligibility outcome for every one of
// them, and the same overview counts.

import { afterEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../src/domain/model/practice';
import { checkEligibility } from '../../../src/domain/eligibility';
import { exportPractice } from '../../../src/worker/import/exportPractice';
import { readImportReport } from '../../../src/worker/import/reportStore';
import { findPatients } from '../../../src/worker/patientLookup';
import { closeAll, loadDemo, openDb, runImport } from './support';
import { storedPatients } from '../db/storedPatients';

afterEach(closeAll);

/** A patient without its list position, coded entries in id order (they come back grouped by type). */
const comparable = ({ seq: _seq, ...p }: Patient) => ({ ...p, codedEntries: [...p.codedEntries].sort((a, b) => (a.id < b.id ? -1 : 1)) });

describe('export then import', () => {
  it('2,000 demo patients: the same records, eligibility outcomes and counts; nothing reported', async () => {
    const source = openDb('export');
    await loadDemo(source, 2_000);
    const files = await exportPractice(source);
    expect(files.map((f) => f.name).sort()).toEqual(['AllergyIntolerance.ndjson', 'Condition.ndjson', 'Flag.ndjson', 'MedicationRequest.ndjson', 'Observation.ndjson', 'Organization.ndjson', 'Patient.ndjson']);

    const target = openDb('import');
    const { outcome } = await runImport(target, files);
    expect(outcome.kind).toBe('imported');
    expect(outcome.summary.errors).toBe(0);

    const original = await storedPatients(source);
    const imported = await storedPatients(target);
    expect(imported.map(comparable)).toEqual(original.map(comparable));
    expect(imported.map(checkEligibility)).toEqual(original.map(checkEligibility));

    const [before, after] = await Promise.all([source.practice.get('practice'), target.practice.get('practice')]);
    expect(after?.stats).toEqual(before?.stats);
    expect({ name: after?.name, odsCode: after?.odsCode, source: after?.source }).toEqual({ name: before?.name, odsCode: before?.odsCode, source: 'import' });
    expect((await findPatients(target, '', 0, 3)).map((p) => p.id)).toEqual(['demo-000001', 'demo-000002', 'demo-000003']);

    // The only report rows are warnings for the demo's deliberately invalid NHS numbers.
    const report = await readImportReport(target, 0, 1_000);
    expect(report.rows.every((r) => r.code === 'invalid-nhs-number')).toBe(true);
    expect(report.total).toBe(before?.stats.nhsNumberInvalid);
  });
});
