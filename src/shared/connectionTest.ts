// What Settings' "Test connection" found, in words: the worker makes the checks
// (src/worker/send/connectionProbe.ts), the settings screen shows them. Plain data.

/**
 *   training            nothing is sent anywhere, so there is nothing to test
 *   ok                  an upload can reach the Spine from this page (warnings may remain)
 *   refused-by-browser  the endpoint answers but does not let this page in (CORS)
 *   unreachable         nothing answered: no network, a wrong address, an untrusted certificate
 *   problem             the endpoint answered, but something must be fixed first
 */
export type ConnectionVerdict = 'training' | 'ok' | 'refused-by-browser' | 'unreachable' | 'problem';

export type CheckState = 'passed' | 'warning' | 'failed' | 'not-run';

export type CheckId = 'token' | 'upload' | 'headers';

export interface ConnectionCheck {
  readonly id: CheckId;
  /** What was checked: "Access token", "Upload endpoint", "Rate limit and headers". */
  readonly title: string;
  readonly state: CheckState;
  /** What was found, and what to do about it when it is not passed. */
  readonly detail: string;
}

export interface ConnectionTestResult {
  readonly verdict: ConnectionVerdict;
  /** One sentence for the whole test. */
  readonly headline: string;
  readonly checks: readonly ConnectionCheck[];
  /** When the test finished (epoch ms). */
  readonly testedAt: number;
}
