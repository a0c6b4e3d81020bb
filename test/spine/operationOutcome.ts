// The bodies the loopback Spine answers with, shaped like the national service's: the examples
// in the OpenAPI contract and the recorded responses in the reference folder.

import { randomInt } from 'node:crypto';
import type { ServiceIssue } from './validation/issues';

export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  details?: { text?: string; coding?: { system: string; version: string; code: string; display: string }[] };
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OutcomeIssue[];
}

export function outcome(code: string, text: string, severity: OutcomeIssue['severity'] = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

export const uploaded = (): OperationOutcome => outcome('informational', 'SCR successfully uploaded', 'information');

/** upload-examples/no-consent-1-dissent.response.json, word for word. */
export const noConsent = (): OperationOutcome =>
  outcome(
    'forbidden',
    'Code: 420, Display: Business condition related to access control  which prevents the action being performed by PSIS;' +
      'Code: 30418, Display: [PSIS-30418] - ACF does not permit access to resource',
  );

/**
 * Spine's duplicate-event refusal, as the spec's 400 example words it: the same event id for the
 * same patient again, under any request id.
 */
export const duplicateEvent = (eventId: string, nhsNumber: string): OperationOutcome =>
  outcome('invalid', `[PSIS-30134] - Duplicate event with eventId ${eventId} and nhsNumber ${nhsNumber}.`);

const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode';

/**
 * The gateway's 429 (Quota or SpikeArrest), in the shape of the errors the gateway raises itself
 * (proxies/live/policies/AssignMessage.CatchallErrorMessage.xml).
 */
export function rateLimited(policy: 'SpikeArrest' | 'Quota', limit: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'throttled',
        details: { coding: [{ system: SPINE_ERROR_SYSTEM, version: '1', code: 'TOO_MANY_REQUESTS', display: 'Too Many Requests' }] },
        diagnostics: `You have exceeded your application's rate limit (${policy}: ${limit})`,
      },
    ],
  };
}

export const timedOut = (): OperationOutcome =>
  outcome('transient', 'Request processing timed out. Spine POST + polling GET has timed out');

/** The spec's 500 example, with a fresh message id as the service gives. */
export function internalServerError(): OperationOutcome {
  const messageId = `rrt-${randomInt(1e9)}${randomInt(1e9)}-b-geu2-${randomInt(1e4)}-${randomInt(1e6)}-1`;
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'unknown',
        details: {
          coding: [
            { system: SPINE_ERROR_SYSTEM, version: '1', code: 'UNKNOWN_ERROR', display: 'Unknown Error' },
          ],
        },
        diagnostics:
          'An unknown server-side error occurred processing this request. Contact us for assistance diagnosing this issue: ' +
          `https://digital.nhs.uk/developer/help-and-support. (Message ID: ${messageId})`,
      },
    ],
  };
}

/** "Response may be JSON ... or HTML message including the term 503 Service Temporarily Unavailable". */
export const SERVICE_UNAVAILABLE_HTML =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n' +
  '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n';

// OperationOutcome issue codes for the strict level's own checks.
const LEVEL_CODES = { contract: 'invalid', r4: 'structure', binding: 'code-invalid', xhtml: 'invalid' } as const;

/** At most this many issues go into one 400 answer: a badly broken Bundle yields thousands. */
export const MAX_REPORTED_ISSUES = 100;

/** An upload the strict level rejects: one issue per problem, its location in `expression`. */
export function rejected(issues: ServiceIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({
      severity: 'error',
      code: i.outcomeCode ?? LEVEL_CODES[i.level],
      details: { text: i.message },
      ...(i.path === 'Bundle' ? {} : { expression: [i.path] }),
    })),
  };
}
