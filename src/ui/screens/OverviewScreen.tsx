// The practice overview: who is on the list, by registration type, consent preference and the
// flags that decide eligibility. All counts come from the practice's stored statistics.

import type { PracticeStats, RegistrationType } from '../../domain/model/practice';
import { usePractice } from '../queries/hooks';
import { LoadDemoPanel } from './LoadDemoPanel';
import { formatCount, formatDateTime } from '../format';
import { CountTable } from '../components/CountTable';

const REGISTRATION_LABELS: Record<RegistrationType, string> = {
  permanent: 'Permanent (regular)',
  applied: 'Applied (not yet registered)',
  temporary: 'Temporary resident',
  deducted: 'Deducted (left the practice)',
};

function flagRows(s: PracticeStats): [string, number][] {
  return [
    ['Deceased', s.deceased],
    ['FP69 (registration under review)', s.fp69],
    ['Sensitive record', s.sensitive],
    ['Existing national summary', s.existingSummary],
    ['NHS number missing', s.nhsNumberMissing],
    ['NHS number invalid', s.nhsNumberInvalid],
    ['NHS number not verified on PDS', s.nhsNumberUnverified],
    ['With medication', s.withMedication],
    ['With allergies', s.withAllergies],
    ['With withheld items', s.withWithheldItems],
  ];
}

export function OverviewScreen() {
  const practice = usePractice();
  if (practice.isPending || practice.isError) {
    return (
      <section aria-labelledby="overview-title">
        <h1 id="overview-title">Practice</h1>
        {practice.isError ? <p className="nhsuk-error-message" role="alert">Could not read the practice data: {practice.error.message}</p> : <p className="nhsuk-body">Reading the practice data…</p>}
      </section>
    );
  }
  if (!practice.data) return <LoadDemoPanel />;
  const p = practice.data;
  const s = p.stats;
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{p.name}</h1>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">ODS code</dt>
          <dd className="nhsuk-summary-list__value">{p.odsCode}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Patients</dt>
          <dd className="nhsuk-summary-list__value" data-testid="patient-count">{formatCount(s.patients)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Source</dt>
          <dd className="nhsuk-summary-list__value">{p.source === 'demo' ? 'Demo practice (made-up patients)' : 'Imported practice extract'}, loaded {formatDateTime(p.loadedAt)}</dd>
        </div>
      </dl>
      <div className="app-overview-grid">
        <CountTable caption="Registration type" rows={(Object.keys(REGISTRATION_LABELS) as RegistrationType[]).map((k) => [REGISTRATION_LABELS[k], s.byRegistration[k]] as const)} />
        <CountTable caption="Consent preference" rows={Object.entries(s.byConsent).sort((a, b) => b[1] - a[1])} />
        <CountTable caption="Flags" rows={flagRows(s)} />
      </div>
    </section>
  );
}
