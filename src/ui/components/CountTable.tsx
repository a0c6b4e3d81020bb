// A captioned table of labelled patient counts (the overview's groups, a run's reasons).

import { formatCount } from '../format';

export interface CountTableProps {
  readonly caption: string;
  readonly rows: readonly (readonly [string, number])[];
  /** The first column's heading. */
  readonly groupHeading?: string;
  readonly captionSize?: 'm' | 's';
  readonly testId?: string;
}

export function CountTable({ caption, rows, groupHeading = 'Group', captionSize = 'm', testId }: CountTableProps) {
  return (
    <table className="nhsuk-table app-count-table" data-testid={testId}>
      <caption className={`nhsuk-table__caption nhsuk-table__caption--${captionSize}`}>{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">{groupHeading}</th>
          <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Patients</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map(([label, count]) => (
          <tr className="nhsuk-table__row" key={label}>
            <th scope="row" className="nhsuk-table__header">{label}</th>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric" data-testid={`count-${caption}-${label}`}>{formatCount(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
