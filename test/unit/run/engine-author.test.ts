// The summary's author through the engine: the demo practice comes with a made-up one, every
// message names it as a PractitionerRole, a run will not start without a complete author (and
// says what is missing), the Settings side validates field by field and stores nothing on error,
// and a Rerun's summary for a patient whose earlier one was acknowledged says it replaces it.

import { describe, expect, it } from 'vitest';
import { AUTHOR_SETTINGS_KEY } from '../../../src/shared/authorSettings';
import { EMPTY_AUTHOR_FORM, type AuthorFormValues } from '../../../src/domain/author/authorForm';
import { latest, loadDemo, makeEngine, settle, uniqueDbName } from './harness';

interface SentBundle {
  entry: { fullUrl: string; resource: { resourceType: string; id: string; identifier?: { value: string } | { value: string }[]; author?: { reference: string }[]; relatesTo?: unknown; name?: { text: string }[]; code?: { coding: { code: string }[] }[] } }[];
}

const parse = (body: string | null): SentBundle => JSON.parse(body ?? '{}') as SentBundle;

const ENTERED: AuthorFormValues = {
  odsCode: 'b82005',
  practiceName: 'Beck Lane Surgery',
  address: '2 Beck Lane, Harrogate, HG1 1AA',
  telephone: '01423 496 000',
  clinicianName: 'Dr Priya Nair',
  jobRoleCode: 'R0270',
  sdsUserId: '',
  roleProfileId: '',
};

describe('the summary’s author', () => {
  it('the demo practice comes with a made-up author, and every message names it as a PractitionerRole → Practitioner and Organization', async () => {
    const t = makeEngine(uniqueDbName('author-demo'));
    await loadDemo(t, 150);
    const view = await t.engine.author.view();
    expect(view.source).toBe('demo');
    expect(view.missing).toEqual([]);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');
    const sent = await t.db.outbox.where('state').equals('sent').toArray();
    expect(sent.length).toBeGreaterThan(50);
    for (const row of sent) {
      const bundle = parse(row.body);
      const types = bundle.entry.map((e) => e.resource.resourceType);
      expect(types).toEqual(['Composition', 'Patient', 'PractitionerRole', 'Practitioner', 'Organization']);
      const composition = bundle.entry[0]?.resource;
      expect(composition?.author?.[0]?.reference).toMatch(/^PractitionerRole\/[0-9A-F-]{36}$/);
      expect(composition?.relatesTo).toBeUndefined();
      expect(bundle.entry[3]?.resource.name).toEqual([{ text: view.values.clinicianName }]);
    }
  });

  it('no run starts without a complete author: the refusal names what is missing; once entered, Run starts', async () => {
    const t = makeEngine(uniqueDbName('author-missing'));
    await loadDemo(t, 60);
    await t.db.settings.delete(AUTHOR_SETTINGS_KEY);
    const refused = await t.engine.startRun('run');
    expect(refused.ok ? null : refused.error.code).toBe('no-author');
    expect(refused.ok ? '' : refused.error.message).toContain('the responsible clinician');
    expect(await t.db.runs.count()).toBe(0);

    const saved = await t.engine.author.save(ENTERED);
    expect(saved.ok).toBe(true);
    const view = await t.engine.author.view();
    expect(view).toMatchObject({ source: 'entered', missing: [] });
    expect(view.values.odsCode).toBe('B82005');
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');
    const row = await t.db.outbox.where('state').equals('sent').first();
    const org = parse(row?.body ?? null).entry[4]?.resource;
    expect(org?.identifier).toEqual([{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82005' }]);
    // An entered author is the user's: loading the demo practice again keeps it.
    await loadDemo(t, 30);
    expect((await t.engine.author.view()).values).toMatchObject({ odsCode: 'B82005', clinicianName: 'Dr Priya Nair', jobRoleCode: 'R0270' });
  });

  it('Settings refuses an author that makes no sense, field by field, and stores nothing', async () => {
    const t = makeEngine(uniqueDbName('author-bad'));
    await loadDemo(t, 20);
    const before = await t.db.settings.get(AUTHOR_SETTINGS_KEY);
    const result = await t.engine.author.save({ ...EMPTY_AUTHOR_FORM, odsCode: 'practice 1', telephone: '12', sdsUserId: '123456789012' });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['odsCode', 'practiceName', 'address', 'telephone', 'clinicianName', 'jobRoleCode', 'roleProfileId']));
    expect(await t.db.settings.get(AUTHOR_SETTINGS_KEY)).toEqual(before);
  });

  it('a Rerun’s summary replaces the patient’s acknowledged one (relatesTo with its event id, upper case) and has new ids; a patient never acknowledged gets none', async () => {
    const t = makeEngine(uniqueDbName('author-rerun'));
    await loadDemo(t, 300);
    let done = settle(t);
    await t.engine.startRun('run');
    await done;
    const first = await latest(t);
    const firstRows = await t.db.outbox.where('[runId+seq]').between([first.id ?? 0, -Infinity], [first.id ?? 0, Infinity]).toArray();
    const bySeq = new Map(firstRows.map((r) => [r.seq, r]));
    expect(firstRows.some((r) => r.state === 'failed')).toBe(true);

    done = settle(t);
    expect((await t.engine.startRun('rerun')).ok).toBe(true);
    await done;
    const rerun = await latest(t);
    const rerunRows = await t.db.outbox.where('[runId+seq]').between([rerun.id ?? 0, -Infinity], [rerun.id ?? 0, Infinity]).toArray();
    expect(rerunRows.length).toBe(firstRows.length);
    for (const row of rerunRows) {
      const earlier = bySeq.get(row.seq);
      const composition = parse(row.body).entry[0]?.resource;
      if (earlier?.state === 'sent') {
        expect(row.replacesEventId).toBe(earlier.compositionId.toUpperCase());
        expect(composition?.relatesTo).toEqual([{ code: 'replaces', targetIdentifier: { value: earlier.compositionId.toUpperCase() } }]);
        expect(row.compositionId).not.toBe(earlier.compositionId);
      } else {
        expect(row.replacesEventId ?? null).toBeNull();
        expect(composition?.relatesTo).toBeUndefined();
      }
    }
  });
});
