// The import's error report, a page at a time: file, line, severity and reason, with paging and
// the CSV download. Presentational: the caller fetches pages and makes the download.

import type { ImportReportPage } from '../../shared/importTypes';
import { formatCount } from '../format';
import { TableScroll } from '../components/TableScroll';

export interface ImportReportTableProps {
  readonly page: ImportReportPage;
  /** Index of the page's first row in the whole report. */
  readonly offset: number;
  readonly pageSize: number;
  readonly onPage: (offset: number) => void;
  readonly onDownload: () => void;
}

export function ImportReportTable({ page, offset, pageSize, onPage, onDownload }: ImportReportTableProps) {
  if (page.total === 0) return null;
  const last = Math.min(page.total, offset + page.rows.length);
  return (
    <section aria-labelledby="import-report-title" data-testid="import-report">
      <h2 id="import-report-title" className="nhsuk-heading-m">Import report</h2>
      <p className="nhsuk-body" data-testid="import-report-range">
        Rows {formatCount(offset + 1)} to {formatCount(last)} of {formatCount(page.total)}
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onDownload} data-testid="import-report-download">
        Download the report (CSV)
      </button>
      <TableScroll label="Import report table">
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">File</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Line</th>
              <th scope="col" className="nhsuk-table__header">Severity</th>
              <th scope="col" className="nhsuk-table__header">Reason</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {page.rows.map((r, i) => (
              <tr className="nhsuk-table__row" key={offset + i} data-testid="import-report-row">
                <td className="nhsuk-table__cell">{r.file}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.line === null ? 'whole file' : formatCount(r.line)}</td>
                <td className="nhsuk-table__cell">{r.severity === 'error' ? 'Error: not imported' : 'Warning'}</td>
                <td className="nhsuk-table__cell">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <nav className="app-pager" aria-label="Report pages">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
          Previous rows
        </button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={last >= page.total} onClick={() => onPage(offset + pageSize)}>
          Next rows
        </button>
      </nav>
    </section>
  );
}
