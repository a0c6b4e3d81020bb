// Settings' "Test connection": checks the SAVED Spine settings from this browser before a run
// (an access token, a test message the Spine refuses without storing anything, the answer's
// headers and the rate) and says plainly what it found, above all whether the endpoint refuses
// this browser (CORS) or cannot be reached at all. The worker does the checks
// (src/worker/send/connectionProbe.ts); nothing here is stored.

import { useMutation } from '@tanstack/react-query';
import type { CheckState, ConnectionTestResult, ConnectionVerdict } from '../../shared/connectionTest';
import type { SendingSettings } from '../../shared/sendingSettings';
import { useEngineBridge } from '../engine/EngineContext';
import { formatDateTime } from '../format';

/** The test waits for at most two requests and their explanations, each under the settings' time limit. */
const TEST_CALL_TIMEOUT_MS = 11 * 60_000;

const STATE_TAGS: Readonly<Record<CheckState, { readonly label: string; readonly className: string }>> = {
  passed: { label: 'Passed', className: 'nhsuk-tag--green' },
  warning: { label: 'Warning', className: 'nhsuk-tag--yellow' },
  failed: { label: 'Failed', className: 'nhsuk-tag--red' },
  'not-run': { label: 'Not checked', className: 'nhsuk-tag--grey' },
};

const VERDICT_LABELS: Readonly<Record<ConnectionVerdict, string>> = {
  training: 'Training',
  ok: 'Connection works',
  'refused-by-browser': 'Refused by the endpoint',
  unreachable: 'No connection',
  problem: 'Not working yet',
};

export interface TestConnectionPanelProps {
  /** The saved settings (the test uses them, not what is typed but unsaved); null while loading. */
  readonly saved: SendingSettings | null;
}

function Result({ result }: { readonly result: ConnectionTestResult }) {
  const good = result.verdict === 'ok' || result.verdict === 'training';
  return (
    <div className={good ? 'nhsuk-inset-text' : 'nhsuk-warning-callout'} data-testid="connection-result" data-verdict={result.verdict}>
      {good ? (
        <span className="nhsuk-u-visually-hidden">Information: </span>
      ) : (
        <h3 className="nhsuk-warning-callout__label">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {VERDICT_LABELS[result.verdict]}
        </h3>
      )}
      <p data-testid="connection-headline">{result.headline}</p>
      {result.checks.length > 0 && (
        <dl className="nhsuk-summary-list" data-testid="connection-checks">
          {result.checks.map((c) => (
            <div className="nhsuk-summary-list__row" key={c.id} data-testid={`connection-check-${c.id}`} data-state={c.state}>
              <dt className="nhsuk-summary-list__key">{c.title}</dt>
              <dd className="nhsuk-summary-list__value">
                <strong className={`nhsuk-tag ${STATE_TAGS[c.state].className}`}>{STATE_TAGS[c.state].label}</strong> {c.detail}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="nhsuk-body-s">Tested {formatDateTime(new Date(result.testedAt).toISOString())}.</p>
    </div>
  );
}

export function TestConnectionPanel({ saved }: TestConnectionPanelProps) {
  const bridge = useEngineBridge();
  const test = useMutation({
    mutationFn: (_forSettings: string) => bridge.call((api) => api.testConnection(), TEST_CALL_TIMEOUT_MS),
  });
  if (saved === null || saved.kind !== 'spine') return null;
  // A result belongs to the settings it was made with: saving others hides it.
  const forSettings = JSON.stringify(saved);
  const result = test.variables === forSettings ? test.data : undefined;
  const failed = test.variables === forSettings && test.isError ? test.error : null;

  return (
    <section aria-labelledby="test-connection-title" data-testid="test-connection">
      <h2 className="nhsuk-heading-m" id="test-connection-title">Test connection</h2>
      <p className="nhsuk-body">
        Checks the saved settings from this browser: gets an access token, sends the Spine a test message that it refuses without storing anything, and reads its answer. Run it
        before an upload, and whenever the settings change.
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={test.isPending} onClick={() => test.mutate(forSettings)}>
        {test.isPending ? 'Testing the connection…' : 'Test connection'}
      </button>
      <div role="status" aria-live="polite">
        {result !== undefined && <Result result={result} />}
        {failed !== null && <p className="nhsuk-error-message">The test could not be run: {failed.message}</p>}
      </div>
    </section>
  );
}
