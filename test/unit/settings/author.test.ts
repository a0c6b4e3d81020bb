// The author form's rules (each bad input refused with a sentence naming its field), what a stored
// author lacks, how new practice data changes it, and reading a stored value defensively.

import { describe, expect, it } from 'vitest';
import { authorToFormValues, type AuthorFormValues } from '../../../src/domain/author/authorForm';
import { authorAfterDemoLoad, authorAfterImport } from '../../../src/domain/author/practiceAuthor';
import { isCompleteAuthor, missingAuthor, validateAuthorForm } from '../../../src/domain/author/validateAuthor';
import { SDS_JOB_ROLES } from '../../../src/domain/author/jobRoles';
import { readStoredAuthor } from '../../../src/worker/authorStore';
import type { AuthorSettings } from '../../../src/shared/authorSettings';

const GOOD: AuthorFormValues = {
  odsCode: ' a81001 ',
  practiceName: 'Riverside Surgery',
  address: '1 River Road, Leeds, LS1 4AP',
  telephone: '+44 113 496 0123',
  clinicianName: 'Dr Amelia Hart',
  jobRoleCode: 'R0260',
  sdsUserId: '',
  roleProfileId: '',
};

describe('validateAuthorForm', () => {
  it('accepts a job-role author, trimming and upper-casing the ODS code', () => {
    const r = validateAuthorForm(GOOD);
    expect(r).toEqual({
      ok: true,
      author: {
        organisation: { odsCode: 'A81001', name: 'Riverside Surgery', address: '1 River Road, Leeds, LS1 4AP', telephone: '+44 113 496 0123' },
        clinician: { name: 'Dr Amelia Hart', jobRole: { code: 'R0260', display: 'General Medical Practitioner' }, sds: null },
        source: 'entered',
      },
    });
  });

  it('both SDS ids switch to the SDS-user shape', () => {
    const r = validateAuthorForm({ ...GOOD, sdsUserId: '555555555555', roleProfileId: '555555555556' });
    expect(r.ok && r.author.clinician.sds).toEqual({ userId: '555555555555', roleProfileId: '555555555556' });
  });

  it.each<[string, Partial<AuthorFormValues>, keyof AuthorFormValues, string]>([
    ['an empty ODS code', { odsCode: ' ' }, 'odsCode', 'Enter the practice ODS code'],
    ['an ODS code that is not a practice code', { odsCode: 'RR8' }, 'odsCode', 'a letter and five digits'],
    ['no practice name', { practiceName: '' }, 'practiceName', 'Enter the practice name'],
    ['a practice name with a tab', { practiceName: 'A\tB' }, 'practiceName', 'no tabs or control characters'],
    ['a very long address', { address: 'x'.repeat(301) }, 'address', '300 characters or fewer'],
    ['a telephone with letters', { telephone: '0113 CALL ME' }, 'telephone', '10 to 15 digits'],
    ['a telephone too short', { telephone: '496 000' }, 'telephone', '10 to 15 digits'],
    ['no clinician name', { clinicianName: '  ' }, 'clinicianName', 'Enter the responsible clinician’s name'],
    ['a job role not on the list', { jobRoleCode: 'R9999' }, 'jobRoleCode', 'Choose the responsible clinician’s job role'],
    ['an SDS user id with letters', { sdsUserId: 'abc', roleProfileId: '555555555556' }, 'sdsUserId', 'digits'],
    ['an SDS user id without a role profile id', { sdsUserId: '555555555555' }, 'roleProfileId', 'Enter the SDS role profile ID too'],
    ['a role profile id without an SDS user id', { roleProfileId: '555555555556' }, 'sdsUserId', 'Enter the SDS user ID too'],
  ])('refuses %s, naming the field', (_name, change, field, words) => {
    const r = validateAuthorForm({ ...GOOD, ...change });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]?.message).toContain(words);
  });

  it('the form shows what is stored (round trip)', () => {
    const r = validateAuthorForm({ ...GOOD, sdsUserId: '555555555555', roleProfileId: '555555555556' });
    if (!r.ok) throw new Error('expected valid');
    expect(validateAuthorForm(authorToFormValues(r.author))).toEqual(r);
  });

  it('every listed job role has an R code and a display', () => {
    for (const role of SDS_JOB_ROLES) {
      expect(role.code).toMatch(/^R[0-9]{4}$/);
      expect(role.display.trim()).not.toBe('');
    }
    expect(new Set(SDS_JOB_ROLES.map((r) => r.code)).size).toBe(SDS_JOB_ROLES.length);
  });
});

describe('the author and new practice data', () => {
  const entered = (validateAuthorForm(GOOD) as { ok: true; author: AuthorSettings }).author;

  it('nothing stored: everything is missing', () => {
    expect(missingAuthor(null)).toEqual(['the practice’s details', 'the responsible clinician']);
  });

  it('the demo practice brings its made-up author, complete, unless one was entered', () => {
    const demo = authorAfterDemoLoad(null, { name: 'Demo Surgery (demo)', odsCode: 'Y90007' });
    expect(demo.source).toBe('demo');
    expect(isCompleteAuthor(demo)).toBe(true);
    expect(demo.organisation.odsCode).toBe('Y90007');
    expect(authorAfterDemoLoad(entered, { name: 'Demo Surgery (demo)', odsCode: 'Y90007' })).toBe(entered);
  });

  it('an import fills the practice from its Organization and asks for the clinician', () => {
    const draft = authorAfterImport(authorAfterDemoLoad(null, { name: 'Demo', odsCode: 'Y90007' }), { name: 'Oak Tree Surgery', odsCode: 'C84001', address: '3 Oak Lane, Nottingham', telephone: '0115 496 0000' });
    expect(draft).toEqual({ organisation: { odsCode: 'C84001', name: 'Oak Tree Surgery', address: '3 Oak Lane, Nottingham', telephone: '0115 496 0000' }, clinician: null, source: 'imported' });
    expect(missingAuthor(draft)).toEqual(['the responsible clinician']);
  });

  it('an import of the same practice keeps the entered clinician, and its address and telephone where the extract has none', () => {
    const draft = authorAfterImport(entered, { name: 'Riverside Surgery', odsCode: 'A81001' });
    expect(isCompleteAuthor(draft)).toBe(true);
    expect(draft.clinician).toEqual(entered.clinician);
    expect(draft.organisation).toEqual(entered.organisation);
  });

  it('an import with no address or telephone says those are missing', () => {
    const draft = authorAfterImport(null, { name: 'Oak Tree Surgery', odsCode: 'C84001' });
    expect(missingAuthor(draft)).toEqual(['practice address', 'practice telephone', 'the responsible clinician']);
  });
});

describe('readStoredAuthor', () => {
  it('reads back what was stored', () => {
    const author = (validateAuthorForm(GOOD) as { ok: true; author: AuthorSettings }).author;
    expect(readStoredAuthor(structuredClone(author))).toEqual(author);
    expect(readStoredAuthor({ organisation: { odsCode: 'C84001' }, clinician: null, source: 'imported' })).toEqual({ organisation: { odsCode: 'C84001' }, clinician: null, source: 'imported' });
  });

  it.each([null, 'x', {}, { organisation: {}, clinician: null, source: 'other' }, { organisation: { odsCode: 5 }, clinician: null, source: 'entered' }, { organisation: {}, clinician: { name: 'x' }, source: 'entered' }])(
    'an unreadable value counts as none: %j',
    (value) => {
      expect(readStoredAuthor(value)).toBeNull();
    },
  );
});
