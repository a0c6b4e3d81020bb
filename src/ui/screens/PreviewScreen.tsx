// Preview: pick any patient and see why they qualify or not, and their summary exactly as it
// would be sent. The section XHTML is shown through the whitelist renderer (src/ui/summary/),
// never as markup, so even a value the builder failed to escape could only ever show as text.

import { useId, useState } from 'react';
import { usePatients, usePreview } from '../queries/hooks';
import { formatCountOf } from '../format';
import { Narrative } from '../summary/Narrative';
import { TableScroll } from '../components/TableScroll';

const PAGE = 25;

function PatientPreviewPanel({ seq }: { seq: number }) {
  const preview = usePreview(seq);
  if (!preview.data) return <p className="nhsuk-body">Building the preview…</p>;
  if (!preview.data.ok) return <p className="nhsuk-error-message" role="alert">{preview.data.error.message}</p>;
  const { patient, preview: p } = preview.data.value;
  return (
    <section aria-labelledby="preview-title" data-testid="preview">
      <h2 id="preview-title">{patient.name}</h2>
      <p className="nhsuk-body">NHS number {patient.nhsNumber ?? '(none)'} · record {patient.id}</p>
      <p className="nhsuk-body"><strong data-testid="preview-outcome">{p.eligibility.label}</strong></p>
      <TableScroll label="Eligibility table">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Eligibility, rule by rule</caption>
          <tbody className="nhsuk-table__body">
            {p.eligibility.rules.map((r) => (
              <tr className="nhsuk-table__row" key={r.rule}>
                <th scope="row" className="nhsuk-table__header">{r.description}</th>
                <td className="nhsuk-table__cell">{r.passed ? 'Yes' : r.decisive ? `No — ${r.ifBroken}` : 'No'}</td>
                <td className="nhsuk-table__cell">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {p.withheldCount > 0 && <p className="nhsuk-inset-text">{formatCountOf(p.withheldCount, 'item is', 'items are')} withheld (sensitive categories) and never sent.</p>}
      <h3>The summary as it would be sent</h3>
      {p.sections.map((s) => (
        <section className="app-scr-section" key={s.code} aria-label={s.title}>
          <h4>{s.title}</h4>
          <div><Narrative div={s.div} /></div>
        </section>
      ))}
    </section>
  );
}

export function PreviewScreen() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const patients = usePatients(query, offset, PAGE);
  const searchId = useId();
  return (
    <section aria-labelledby="patients-title">
      <h1 id="patients-title">Preview a patient's summary</h1>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={searchId}>NHS number or patient record id</label>
        <input className="nhsuk-input nhsuk-input--width-20" id={searchId} value={query} onChange={(e) => { setQuery(e.target.value); setOffset(0); }} />
      </div>
      <TableScroll label="Patients table">
        <table className="nhsuk-table" data-testid="patient-list">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Patients</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Patient</th>
              <th scope="col" className="nhsuk-table__header">NHS number</th>
              <th scope="col" className="nhsuk-table__header">Outcome if run now</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {(patients.data ?? []).map((p) => (
              <tr className="nhsuk-table__row" key={p.seq}>
                <td className="nhsuk-table__cell">
                  <button type="button" className="app-link-button" onClick={() => setSelected(p.seq)} aria-pressed={selected === p.seq}>{p.name}</button>
                </td>
                <td className="nhsuk-table__cell">{p.nhsNumber ?? '(none)'}</td>
                <td className="nhsuk-table__cell">{p.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {!query && (
        <nav className="app-pager" aria-label="Pages">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={(patients.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>Next</button>
        </nav>
      )}
      {selected !== null && <PatientPreviewPanel seq={selected} />}
    </section>
  );
}
