import { describe, expect, it } from 'vitest';
import { CONSENT_CODES, type ConsentCode } from '../../../src/domain/data/consentCodes';
import { CONSENT_MEANING_LABELS, consentPreference } from '../../../src/domain/consent';
import { entry, makePatient } from './fixtures';

const withEntries = (...codedEntries: ReturnType<typeof entry>[]) => makePatient({ codedEntries });

describe('consentPreference', () => {
  it('no consent entry = implied consent, shown "No Preference Expressed"', () => {
    const pref = consentPreference(makePatient());
    expect(pref).toMatchObject({ meaning: 'none', effect: 'implied-consent', label: 'No Preference Expressed', entry: null });
  });

  it('ignores coded entries that are not consent codes', () => {
    const pref = consentPreference(withEntries(entry('read2', 'H33..', '2024-01-01'), entry('snomed', '195967001', '2024-02-01')));
    expect(pref.meaning).toBe('none');
  });

  const expectedEffect = {
    'implied-core': 'implied-consent',
    'express-core': 'express-consent',
    'express-core-additional': 'express-consent',
    dissent: 'dissent',
    'legacy-dissent': 'dissent',
    'legacy-consent': 'express-consent',
  } as const;

  it.each(CONSENT_CODES.map((c) => [c.system, c.code, c.meaning] as const))(
    'recognises %s %s as %s',
    (system, value, meaning) => {
      const pref = consentPreference(withEntries(entry(system, value, '2023-05-05')));
      expect(pref.meaning).toBe(meaning);
      expect(pref.effect).toBe(expectedEffect[meaning]);
      expect(pref.label).toBe(CONSENT_MEANING_LABELS[meaning]);
      expect(pref.entry?.date).toBe('2023-05-05');
    },
  );

  it('legacy refused counts as dissent, legacy given as express consent', () => {
    expect(consentPreference(withEntries(entry('read2', '93C3.', '2010-01-01'))).effect).toBe('dissent');
    expect(consentPreference(withEntries(entry('ctv3', 'XaKRy', '2010-01-01'))).effect).toBe('dissent');
    expect(consentPreference(withEntries(entry('snomed', '416308001', '2010-01-01'))).effect).toBe('dissent');
    expect(consentPreference(withEntries(entry('read2', '93C2.', '2010-01-01'))).effect).toBe('express-consent');
    expect(consentPreference(withEntries(entry('snomed', '417370002', '2010-01-01'))).effect).toBe('express-consent');
  });

  it('the latest entry wins, in either storage order', () => {
    const dissent = entry('read2', '9Ndo.', '2020-01-01');
    const consent = entry('read2', '9Ndm.', '2022-01-01');
    expect(consentPreference(withEntries(dissent, consent)).meaning).toBe('express-core');
    expect(consentPreference(withEntries(consent, dissent)).meaning).toBe('express-core');
    const laterDissent = entry('ctv3', 'XaXj6', '2023-06-01');
    expect(consentPreference(withEntries(dissent, consent, laterDissent)).effect).toBe('dissent');
    const legacyGiven = entry('snomed', '417370002', '2024-01-01');
    expect(consentPreference(withEntries(laterDissent, legacyGiven)).meaning).toBe('legacy-consent');
  });

  it('a same-day tie is resolved as dissent, whatever the order', () => {
    const consent = entry('read2', '9Ndn.', '2022-03-03');
    const dissent = entry('read2', '9Ndo.', '2022-03-03');
    expect(consentPreference(withEntries(consent, dissent)).effect).toBe('dissent');
    expect(consentPreference(withEntries(dissent, consent)).effect).toBe('dissent');
    const legacyRefused = entry('read2', '93C3.', '2022-03-03');
    expect(consentPreference(withEntries(consent, legacyRefused)).effect).toBe('dissent');
  });

  it('a same-day tie between consents is deterministic (express before implied)', () => {
    const implied = entry('read2', '9Ndl.', '2022-03-03');
    const express = entry('read2', '9Ndm.', '2022-03-03');
    expect(consentPreference(withEntries(implied, express)).meaning).toBe('express-core');
    expect(consentPreference(withEntries(express, implied)).meaning).toBe('express-core');
  });

  it('same day and same meaning: the smallest entry id decides, not the storage order', () => {
    const a = entry('read2', '9Ndo.', '2022-03-03', 'a');
    const b = entry('ctv3', 'XaXj6', '2022-03-03', 'b');
    expect(consentPreference(withEntries(b, a)).entry?.id).toBe('a');
    expect(consentPreference(withEntries(a, b)).entry?.id).toBe('a');
  });

  it('codes match exactly (system and code; Read codes are case-sensitive)', () => {
    expect(consentPreference(withEntries(entry('read2', '9NDO.', '2022-01-01'))).meaning).toBe('none');
    expect(consentPreference(withEntries(entry('ctv3', '9Ndo.', '2022-01-01'))).meaning).toBe('none');
  });

  it('a new code is added to the table as data, with no code change', () => {
    const extended: ConsentCode[] = [
      ...CONSENT_CODES,
      { system: 'snomed', code: '999999999', meaning: 'dissent', display: 'Hypothetical SNOMED dissent code' },
    ];
    const patient = withEntries(entry('snomed', '999999999', '2024-01-01'));
    expect(consentPreference(patient).meaning).toBe('none');
    expect(consentPreference(patient, extended).effect).toBe('dissent');
  });
});
