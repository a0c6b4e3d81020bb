// Which refusals hold sending and which fail one message, judged across answers in order: a
// refusal of what the app sends holds at once; the same refusal for REPEATED_REFUSAL_LIMIT
// different patients in a row holds and sends them all back to waiting; anything else fails
// just that message; a message held before and refused again fails only if the Spine accepted
// something since.

import { describe, expect, it } from 'vitest';
import type { SendVerdict } from '../../../src/domain/sending/classify';
import { REPEATED_REFUSAL_LIMIT, RefusalWatch, type Judged, type RefusalInput } from '../../../src/domain/sending/refusalWatch';

const ACF = '[PSIS-30418] - ACF does not permit access to resource';
const CONTRACT = 'Invalid resource reference. Organization/X expected to be referencing PractitionerRole';
const failed = (text: string, status = 400): SendVerdict => ({ kind: 'failed', code: status === 400 ? 'rejected' : 'refused', status, reason: `Rejected by the Spine (${status}): ${text}`, serviceText: text });
const contract: SendVerdict = { kind: 'refused-by-service', status: 400, reason: `Rejected by the Spine (400): ${CONTRACT}`, refusal: { rule: 'contract', status: 400, text: CONTRACT } };
const SENT: SendVerdict = { kind: 'sent', status: 201 };
const NO_CONSENT: SendVerdict = { kind: 'failed', code: 'no-consent', status: 403, reason: "No consent on Spine (403): There's no patient's consent to store SCR", serviceText: "There's no patient's consent to store SCR" };
const T503: SendVerdict = { kind: 'transient', cause: 'server-error', status: 503, reason: 'Service unavailable (503): x', retryAfterMs: null };

let clock = 1_000;
function answer(id: string, verdict: SendVerdict, extra: Partial<RefusalInput<string>> = {}): RefusalInput<string> {
  clock += 10;
  return { ticket: id, nhsNumber: `nhs-${id}`, verdict, heldBefore: null, answeredAtMs: clock, ...extra };
}
const kinds = (judged: readonly Judged<string>[]): string[] => judged.map((j) => `${j.ticket}:${j.verdict.kind}`);

describe('RefusalWatch', () => {
  it('the limit is 3 different patients in a row', () => {
    expect(REPEATED_REFUSAL_LIMIT).toBe(3);
  });

  it('a refusal of what the app sends holds at once, with the service’s words; while held, the same words hold the messages in flight too', () => {
    const watch = new RefusalWatch<string>();
    const first = watch.judge(answer('a', contract));
    expect(kinds(first.record)).toEqual(['a:refused-by-service']);
    expect(first.hold).toEqual({ rule: 'contract', status: 400, text: CONTRACT });
    const second = watch.judge(answer('b', contract));
    expect(kinds(second.record)).toEqual(['b:refused-by-service']);
    expect(second.hold).toBeNull();
    // Lifted (Resume): the next one holds again.
    watch.lifted();
    expect(watch.judge(answer('c', contract)).hold).not.toBeNull();
  });

  it(`the same refusal for ${REPEATED_REFUSAL_LIMIT} different patients in a row holds, and all of them go back to waiting`, () => {
    const watch = new RefusalWatch<string>();
    expect(watch.judge(answer('a', failed(ACF)))).toEqual({ record: [], hold: null });
    // Transient answers say nothing about what is sent: the run goes on.
    expect(kinds(watch.judge(answer('x', T503)).record)).toEqual(['x:transient']);
    expect(watch.judge(answer('b', failed(ACF)))).toEqual({ record: [], hold: null });
    const third = watch.judge(answer('c', failed(ACF)));
    expect(kinds(third.record)).toEqual(['a:refused-by-service', 'b:refused-by-service', 'c:refused-by-service']);
    expect(third.hold).toEqual({ rule: 'repeated', status: 400, text: ACF });
    // Answers for requests already in flight with the same words are held as well.
    expect(kinds(watch.judge(answer('d', failed(ACF))).record)).toEqual(['d:refused-by-service']);
    // Other refusals meanwhile are judged as usual (kept back, as the start of another run).
    expect(watch.judge(answer('e', failed('[PSIS-30999] - other')))).toEqual({ record: [], hold: null });
  });

  it('an acknowledgement or another refusal ends the run: the kept-back refusals fail, each with its reason', () => {
    const watch = new RefusalWatch<string>();
    watch.judge(answer('a', failed(ACF)));
    watch.judge(answer('b', failed(ACF)));
    const ack = watch.judge(answer('c', SENT));
    expect(kinds(ack.record)).toEqual(['a:failed', 'b:failed', 'c:sent']);
    expect(ack.hold).toBeNull();
    watch.judge(answer('d', failed(ACF)));
    const other = watch.judge(answer('e', failed('[PSIS-30999] - other')));
    expect(kinds(other.record)).toEqual(['d:failed']);
    expect(kinds(watch.settle())).toEqual(['e:failed']);
    expect(watch.keptBack).toBe(0);
  });

  it('refusals about one patient never hold: 403 no consent, and the same patient twice counts once', () => {
    const watch = new RefusalWatch<string>();
    for (const id of ['a', 'b', 'c', 'd']) {
      const judged = watch.judge(answer(id, NO_CONSENT));
      expect(kinds(judged.record)).toEqual([`${id}:failed`]);
      expect(judged.hold).toBeNull();
    }
    watch.judge(answer('p1', failed(ACF), { nhsNumber: '9990000018' }));
    watch.judge(answer('p2', failed(ACF), { nhsNumber: '9990000018' }));
    expect(watch.judge(answer('q', failed(ACF))).hold).toBeNull();
    expect(watch.keptBack).toBe(3);
    expect(watch.judge(answer('r', failed(ACF))).hold).not.toBeNull();
  });

  it('held before and refused again: fails for itself when the Spine accepted others since, holds again when it did not', () => {
    const watch = new RefusalWatch<string>();
    const heldAt = clock;
    watch.judge(answer('a', contract));
    watch.lifted();
    // Nothing accepted since it was held: the defect is still there.
    const again = watch.judge(answer('a', contract, { heldBefore: { reason: contract.reason, atMs: heldAt } }));
    expect(kinds(again.record)).toEqual(['a:refused-by-service']);
    expect(again.hold).not.toBeNull();
    watch.lifted();
    watch.judge(answer('b', SENT));
    // Others are accepted, this one is refused again with the same words: it is about this message.
    const itself = watch.judge(answer('a', contract, { heldBefore: { reason: contract.reason, atMs: heldAt } }));
    expect(itself.hold).toBeNull();
    expect(itself.record.map((j) => j.verdict)).toEqual([{ kind: 'failed', code: 'rejected', status: 400, reason: contract.reason, serviceText: CONTRACT }]);
    // The same for a repeated refusal: held once for ACF, refused with it again after an acknowledgement.
    const repeat = watch.judge(answer('c', failed(ACF), { heldBefore: { reason: `Rejected by the Spine (400): ${ACF}`, atMs: heldAt } }));
    expect(kinds(repeat.record)).toEqual(['c:failed']);
    expect(watch.keptBack).toBe(0);
  });
});
