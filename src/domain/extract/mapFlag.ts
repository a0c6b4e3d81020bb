// Flag → an FP69 or sensitive-record flag on the patient. Only an `active` flag counts; an
// inactive one is accepted and has no effect.

import { RECORD_FLAG_SYSTEM, type RecordFlag } from './conventions';
import { objectAt, objectsAt, shown, stringAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';

const FLAGS: readonly RecordFlag[] = ['fp69', 'sensitive'];

export function mapFlag(r: JsonObject, problems: Problem[]): { flag: RecordFlag; active: boolean } | null {
  const status = r['status'];
  if (status !== 'active' && status !== 'inactive') {
    problems.push(status === undefined ? problem('missing-field', 'status is missing') : problem('invalid-value', `status ${shown(status)} is not active or inactive`));
  }
  const codings = objectsAt(objectAt(r, 'code') ?? {}, 'coding');
  const ours = codings.find((c) => stringAt(c, 'system') === RECORD_FLAG_SYSTEM);
  const code = ours ? stringAt(ours, 'code') : undefined;
  const flag = FLAGS.find((f) => f === code);
  if (!ours) {
    problems.push(codings.length === 0 ? problem('missing-field', 'code.coding is missing') : problem('unsupported-code-system', `code has no coding in ${RECORD_FLAG_SYSTEM}`));
  } else if (flag === undefined) {
    problems.push(problem('invalid-code', `flag code ${shown(code ?? null)} is not fp69 or sensitive`));
  }
  if (flag === undefined || (status !== 'active' && status !== 'inactive')) return null;
  return { flag, active: status === 'active' };
}
