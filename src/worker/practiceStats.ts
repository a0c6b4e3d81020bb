// Counts for the practice overview, gathered while patients are written so the overview never
// has to scan 100,000 records.

import type { Patient, PracticeStats, RegistrationType } from '../domain/model/practice';
import { consentPreference } from '../domain/consent';
import { nhsNumberProblem } from '../domain/nhsNumber';
import { isWithheld } from '../domain/withheld';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

export interface StatsAccumulator {
  add(patient: Patient): void;
  result(): PracticeStats;
}

export function createStatsAccumulator(): StatsAccumulator {
  const byRegistration: Record<RegistrationType, number> = { permanent: 0, applied: 0, temporary: 0, deducted: 0 };
  const stats: Mutable<PracticeStats> = {
    patients: 0,
    byRegistration,
    byConsent: {},
    deceased: 0,
    fp69: 0,
    sensitive: 0,
    existingSummary: 0,
    nhsNumberMissing: 0,
    nhsNumberInvalid: 0,
    nhsNumberUnverified: 0,
    withMedication: 0,
    withAllergies: 0,
    withWithheldItems: 0,
  };
  return {
    add(p) {
      stats.patients++;
      byRegistration[p.registrationType]++;
      const consent = consentPreference(p).label;
      stats.byConsent[consent] = (stats.byConsent[consent] ?? 0) + 1;
      if (p.deceased) stats.deceased++;
      if (p.fp69) stats.fp69++;
      if (p.sensitive) stats.sensitive++;
      if (p.existingSummary) stats.existingSummary++;
      const problem = nhsNumberProblem(p.nhsNumber);
      if (problem === 'missing') stats.nhsNumberMissing++;
      else if (problem !== null) stats.nhsNumberInvalid++;
      else if (!p.nhsNumberVerified) stats.nhsNumberUnverified++;
      if (p.medications.length > 0) stats.withMedication++;
      if (p.allergies.some((a) => !a.negative)) stats.withAllergies++;
      if (p.medications.some((m) => isWithheld(m)) || p.allergies.some((a) => isWithheld(a))) stats.withWithheldItems++;
    },
    result: () => structuredClone(stats),
  };
}
