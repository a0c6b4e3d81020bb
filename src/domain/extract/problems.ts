// A problem found while mapping one resource: a closed code and the exact reason, which names
// the element and the offending value (shortened). Collected per line by the mappers.

import { severityOf, type ImportProblemCode } from '../../shared/importTypes';

export interface Problem {
  readonly code: ImportProblemCode;
  readonly reason: string;
}

export const problem = (code: ImportProblemCode, reason: string): Problem => ({ code, reason });

/** Problems that stop a line from being imported (warnings do not). */
export const isBlocking = (p: Problem): boolean => severityOf(p.code) === 'error';
