// How the latest import ended: imported (the new practice data is in use), cancelled or not
// imported (the previous practice data is unchanged), with patients, resources by type, the
// files read and the problems by reason.

import { IMPORT_PROBLEM_LABELS, type ImportProblemCode, type LatestImport } from '../../shared/importTypes';
import { CountTable } from '../components/CountTable';
import { formatBytes, formatCount, formatCountOf } from '../format';
import { TableScroll } from '../components/TableScroll';

export interface ImportSummaryViewProps {
  readonly latest: LatestImport;
}

const HEADINGS: Readonly<Record<LatestImport['outcome'], string>> = {
  imported: 'Practice extract imported',
  cancelled: 'Import cancelled',
  rejected: 'Practice extract not imported',
};

export function ImportSummaryView({ latest }: ImportSummaryViewProps) {
  const s = latest.summary;
  const byType = Object.entries(s.resourcesByType).sort(([a], [b]) => a.localeCompare(b));
  const byReason = (Object.entries(s.problemsByCode) as [ImportProblemCode, number][]).map(([code, n]) => [IMPORT_PROBLEM_LABELS[code], n] as const);
  return (
    <section className="nhsuk-card" aria-labelledby="import-summary-title" data-testid="import-summary">
      <div className="nhsuk-card__content">
        <h2 id="import-summary-title" className="nhsuk-card__heading">{HEADINGS[latest.outcome]}</h2>
        {latest.outcome === 'imported' ? (
          <p className="nhsuk-body" data-testid="import-summary-result">
            {formatCountOf(s.patients, 'patient', 'patients')} of {s.practice?.name ?? ''} ({s.practice?.odsCode ?? ''}) {s.patients === 1 ? 'is' : 'are'} now the practice data.
          </p>
        ) : (
          <p className="nhsuk-body" data-testid="import-summary-result">
            {latest.message ? `${latest.message} ` : ''}The previous practice data is unchanged.
          </p>
        )}
        <p className="nhsuk-body" data-testid="import-summary-problems">
          {s.errors === 0 && s.warnings === 0
            ? 'No problems were found.'
            : `${formatCount(s.errors)} ${s.errors === 1 ? 'error' : 'errors'} (not imported) and ${formatCount(s.warnings)} ${s.warnings === 1 ? 'warning' : 'warnings'}: see the report below.`}
        </p>
        {byType.length > 0 && (
          <TableScroll label="Resources imported table">
            <table className="nhsuk-table" data-testid="import-summary-types">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">Resources imported</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Resource type</th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Resources</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {byType.map(([type, n]) => (
                  <tr className="nhsuk-table__row" key={type}>
                    <th scope="row" className="nhsuk-table__header">{type}</th>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatCount(n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {byReason.length > 0 && <CountTable caption="Problems by reason" groupHeading="Reason" rows={byReason} captionSize="s" testId="import-summary-reasons" />}
        <TableScroll label="Files table">
          <table className="nhsuk-table" data-testid="import-summary-files">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">Files</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">File</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Size</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Accepted</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Problems</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {s.files.map((f) => (
                <tr className="nhsuk-table__row" key={f.name}>
                  <th scope="row" className="nhsuk-table__header">{f.name}{f.format === 'unreadable' ? ' (not read)' : ''}</th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatBytes(f.bytes)}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatCount(f.accepted)}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatCount(f.problems)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
