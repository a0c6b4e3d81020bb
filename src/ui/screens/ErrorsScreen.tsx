// Upload Errors: the failed patients of the latest run with their reasons, filterable by reason,
// in pages, and exportable as CSV.

import { useId, useState } from 'react';
import { FAILED_LABELS, type FailedReason } from '../../domain/eligibility';
import { downloadBlob } from '../download';
import { formatCountOf } from '../format';
import { useFailures, useFailuresCsv, useLatestRun } from '../queries/hooks';
import { TableScroll } from '../components/TableScroll';

const PAGE = 50;
const REASONS = Object.keys(FAILED_LABELS) as FailedReason[];

function FailureTable({ runId }: { runId: number }) {
  const [reason, setReason] = useState<FailedReason | null>(null);
  const [offset, setOffset] = useState(0);
  const failures = useFailures(runId, reason, offset, PAGE);
  const csv = useFailuresCsv();
  const filterId = useId();
  const total = failures.data?.total ?? 0;
  const exportCsv = async () => {
    downloadBlob(`scr-upload-errors-run-${runId}.csv`, await csv.mutateAsync({ runId, reason }));
  };
  return (
    <>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={filterId}>Show</label>
        <select
          className="nhsuk-select"
          id={filterId}
          value={reason ?? ''}
          onChange={(e) => {
            setReason(e.target.value === '' ? null : (e.target.value as FailedReason));
            setOffset(0);
          }}
        >
          <option value="">All reasons</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>{FAILED_LABELS[r]}</option>
          ))}
        </select>
      </div>
      <p className="nhsuk-body" data-testid="failure-total">{formatCountOf(total, 'failed patient', 'failed patients')}</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void exportCsv()} disabled={total === 0}>Export as CSV</button>
      {failures.data && failures.data.rows.length > 0 && (
        <TableScroll label="Failed patients table">
          <table className="nhsuk-table" data-testid="failure-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Failed patients</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">NHS number</th>
                <th scope="col" className="nhsuk-table__header">Patient</th>
                <th scope="col" className="nhsuk-table__header">Reason</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {failures.data.rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.seq}>
                  <td className="nhsuk-table__cell">{r.nhsNumber ?? '(none)'}</td>
                  <td className="nhsuk-table__cell">{r.name ?? '(no longer on the list)'} {r.patientId && <span className="nhsuk-hint">{r.patientId}</span>}</td>
                  <td className="nhsuk-table__cell">{r.reasonText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="app-pager" aria-label="Pages">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Next</button>
      </nav>
    </>
  );
}

export function ErrorsScreen() {
  const latest = useLatestRun();
  const run = latest.data;
  return (
    <section aria-labelledby="errors-title">
      <h1 id="errors-title">Upload Errors</h1>
      {!run || run.id === undefined ? <p className="nhsuk-body">The upload has not been run yet.</p> : <FailureTable runId={run.id} key={run.id} />}
    </section>
  );
}
