// A captioned help table: a header row, then rows whose first cell names the row. Cells may hold
// `code` in backticks (InlineCode).

import { InlineCode } from './InlineCode';
import { TableScroll } from '../components/TableScroll';

export interface HelpTableProps {
  readonly caption: string;
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function HelpTable({ caption, headings, rows }: HelpTableProps) {
  return (
    <TableScroll label={`${caption} table`}>
      <table className="nhsuk-table app-help-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {headings.map((h) => (
              <th scope="col" className="nhsuk-table__header" key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rows.map(([first = '', ...rest]) => (
            <tr className="nhsuk-table__row" key={first}>
              <th scope="row" className="nhsuk-table__header"><InlineCode text={first} /></th>
              {rest.map((cell, i) => (
                <td className="nhsuk-table__cell" key={i}><InlineCode text={cell} /></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
