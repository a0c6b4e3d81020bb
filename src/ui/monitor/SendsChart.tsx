// A small live bar chart of the last 30 minutes: per minute, attempts that were acknowledged
// (sent), failed, or will be retried, stacked. The SVG is decoration for sighted users; the
// sentence and the visually hidden table carry the same figures for everyone else.

import { useId } from 'react';
import { formatCount } from '../format';
import { useEngineStatus } from '../queries/hooks';
import { CHART_MINUTES, minuteSeries, seriesTotals } from './chartData';
import { useSendsPerMinute } from './monitorQueries';
import { localClockTime } from '../../domain/localDate';

/** SVG user units: one bar slot per minute; the height the tallest minute reaches. */
const SLOT = 10;
const BAR = 8;
const HEIGHT = 60;

/** NHS palette: green, warm yellow, red. */
const COLOURS = { sent: '#007f3b', retried: '#ffb81c', failed: '#d5281b' } as const;

export function SendsChart() {
  const tallies = useSendsPerMinute();
  const status = useEngineStatus();
  const captionId = useId();
  if (!tallies.data) return null;
  const series = minuteSeries(tallies.data, tallies.dataUpdatedAt);
  const totals = seriesTotals(series);
  const active = series.filter((t) => t.sent + t.failed + t.retried > 0);
  const first = series[0];
  const last = series[series.length - 1];
  const elsewhere = status.data?.job.phase === 'running' && !status.data.runsHere;
  return (
    <figure className="nhsuk-u-margin-bottom-5" aria-labelledby={captionId} data-testid="sends-chart" style={{ margin: 0 }}>
      <figcaption id={captionId} className="nhsuk-body">
        <strong>Last {CHART_MINUTES} minutes:</strong> {formatCount(totals.sent)} sent, {formatCount(totals.failed)} failed, {formatCount(totals.retried)} to be retried.
        {elsewhere && ' The upload is sending from another tab: only this tab’s attempts are counted here.'}
      </figcaption>
      <svg viewBox={`0 0 ${CHART_MINUTES * SLOT} ${HEIGHT + 14}`} width="100%" style={{ maxWidth: 480, display: 'block' }} aria-hidden="true" focusable="false">
        <line x1={0} y1={HEIGHT + 0.5} x2={CHART_MINUTES * SLOT} y2={HEIGHT + 0.5} stroke="#aeb7bd" strokeWidth={1} />
        {series.map((t, i) => {
          const scale = HEIGHT / totals.peak;
          const sentH = t.sent * scale;
          const retriedH = t.retried * scale;
          const failedH = t.failed * scale;
          const x = i * SLOT + (SLOT - BAR) / 2;
          return (
            <g key={t.minute}>
              <rect x={x} y={HEIGHT - sentH} width={BAR} height={sentH} fill={COLOURS.sent} />
              <rect x={x} y={HEIGHT - sentH - retriedH} width={BAR} height={retriedH} fill={COLOURS.retried} />
              <rect x={x} y={HEIGHT - sentH - retriedH - failedH} width={BAR} height={failedH} fill={COLOURS.failed} />
            </g>
          );
        })}
        {first && <text x={0} y={HEIGHT + 12} fontSize={9} fill="#4c6272">{localClockTime(first.minute, false)}</text>}
        {last && <text x={CHART_MINUTES * SLOT} y={HEIGHT + 12} fontSize={9} fill="#4c6272" textAnchor="end">{localClockTime(last.minute, false)}</text>}
      </svg>
      <p className="nhsuk-body-s" aria-hidden="true">
        <Swatch colour={COLOURS.sent} /> Sent <Swatch colour={COLOURS.retried} /> To be retried <Swatch colour={COLOURS.failed} /> Failed · tallest minute {formatCount(totals.peak)}
      </p>
      {/* The wrapper hides the table: a table keeps its content's width whatever its own, and would widen the page. */}
      <div className="nhsuk-u-visually-hidden">
        <table>
          <caption>Attempts per minute, last {CHART_MINUTES} minutes</caption>
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col">Sent</th>
              <th scope="col">Failed</th>
              <th scope="col">To be retried</th>
            </tr>
          </thead>
          <tbody>
            {active.length === 0 ? (
              <tr>
                <td colSpan={4}>No attempts finished in these minutes.</td>
              </tr>
            ) : (
              active.map((t) => (
                <tr key={t.minute}>
                  <th scope="row">{localClockTime(t.minute, false)}</th>
                  <td>{formatCount(t.sent)}</td>
                  <td>{formatCount(t.failed)}</td>
                  <td>{formatCount(t.retried)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function Swatch({ colour }: { colour: string }) {
  return <span style={{ display: 'inline-block', width: '0.8em', height: '0.8em', background: colour, marginLeft: '0.5em', verticalAlign: 'baseline' }} />;
}
