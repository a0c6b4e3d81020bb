// A stored message's summary as the Spine shows it: the Composition's title, the patient, the
// practice, the responsible clinician and the time, then each section's title and narrative.

import { useId, useMemo } from 'react';
import { formatDateTime } from '../format';
import { readSummary } from './bundleSummary';
import { Narrative } from '../summary/Narrative';

export function SpineSummary({ body }: { body: string }) {
  const read = useMemo(() => readSummary(body), [body]);
  const titleId = useId();
  if (!read.ok) return <p className="nhsuk-body">{read.reason}</p>;
  const s = read.summary;
  const practice = [s.practiceName, s.odsCode === '' ? '' : `(${s.odsCode})`].filter((p) => p !== '').join(' ');
  return (
    <section aria-labelledby={titleId} data-testid="spine-summary">
      <h3 id={titleId}>{s.title === '' ? 'Summary' : s.title}</h3>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">NHS number</dt>
          <dd className="nhsuk-summary-list__value">{s.nhsNumber === '' ? '(not given)' : s.nhsNumber}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Practice</dt>
          <dd className="nhsuk-summary-list__value">{practice === '' ? '(not given)' : practice}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Responsible clinician</dt>
          <dd className="nhsuk-summary-list__value">{s.clinicianName === '' ? '(not given)' : s.clinicianName}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Created</dt>
          <dd className="nhsuk-summary-list__value">{s.date === '' || Number.isNaN(Date.parse(s.date)) ? '(not given)' : formatDateTime(s.date)}</dd>
        </div>
      </dl>
      {s.sections.map((section, i) => (
        <section className="app-scr-section" key={i} aria-label={section.title === '' ? `Section ${i + 1}` : section.title}>
          {section.title !== '' && <h4>{section.title}</h4>}
          {section.div === '' ? <p className="nhsuk-body">This section has no text.</p> : <Narrative div={section.div} />}
        </section>
      ))}
    </section>
  );
}
