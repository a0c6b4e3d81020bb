// The upload log: every job and operation with its time. Shows the latest entries and offers
// the whole log as a text file.

import { useLog, useLogFile } from '../queries/hooks';
import { formatDateTime } from '../format';
import { localToday } from '../../domain/localDate';
import { downloadBlob } from '../download';
import { TableScroll } from '../components/TableScroll';

const SHOWN = 500;

export function LogScreen() {
  const log = useLog(0, SHOWN);
  const file = useLogFile();
  const download = async () => {
    downloadBlob(`scr-initial-upload-log-${localToday()}.txt`, await file.mutateAsync());
  };
  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title">Upload log</h1>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void download()}>
        Download the log
      </button>
      {log.data && log.data.length === 0 && <p className="nhsuk-body">The log is empty.</p>}
      {log.data && log.data.length > 0 && (
        <TableScroll label="Log entries table">
          <table className="nhsuk-table" data-testid="log-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Log entries, oldest first</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">Time</th>
                <th scope="col" className="nhsuk-table__header">Level</th>
                <th scope="col" className="nhsuk-table__header">Entry</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {log.data.map((e) => (
                <tr className="nhsuk-table__row" key={e.id}>
                  <td className="nhsuk-table__cell">{formatDateTime(e.at)}</td>
                  <td className="nhsuk-table__cell">{e.level}</td>
                  <td className="nhsuk-table__cell">{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
