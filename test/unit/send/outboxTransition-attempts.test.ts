// An attempt is recorded when it starts: the row claimed for sending carries it in flight; the
// answer replaces it; a release takes it away; the app closing leaves it cut off (no answer),
// counted on the retry ladder. A re-send the Spine already holds is Sent; a refusal of what the
// app sends leaves the message waiting, its attempt in the history but not on the ladder.

import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/domain/model/runs';
import type { SendVerdict } from '../../../src/domain/sending/classify';
import { CUT_OFF_ERROR, ladderAttempts, lastHeld, recoveredRow, releasedRow, rowAfterAttempt, startedRow } from '../../../src/domain/sending/outboxTransition';
import { NATIONAL_LADDER, TRAINING_LADDER } from '../../../src/domain/sending/retryLadder';
import { demoOutboxRows } from './support';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const times = { sentAtMs: T0 + 100, answeredAtMs: T0 + 350 };
const transient504: SendVerdict = { kind: 'transient', cause: 'server-error', status: 504, reason: 'Spine timed out (504): x', retryAfterMs: null };
const CONTRACT = "Required request header 'NHSD-Session-URID' for method parameter type String is not present";
const refused: SendVerdict = { kind: 'refused-by-service', status: 400, reason: `Rejected by the Spine (400): ${CONTRACT}`, refusal: { rule: 'contract', status: 400, text: CONTRACT } };
const duplicate = '[PSIS-30134] - Duplicate event with eventId C0000000-0000-4000-8000-000000000001 and nhsNumber 9990000018.';

const [base] = demoOutboxRows(1);
if (base === undefined) throw new Error('no demo row');

function answered(row: OutboxMessage, verdict: SendVerdict, ladder = NATIONAL_LADDER): OutboxMessage {
  const next = rowAfterAttempt(row, verdict, times, ladder);
  if (next === null) throw new Error('released');
  return next;
}

describe('an attempt recorded when it starts', () => {
  it('claiming marks the row sending with an attempt in flight, stamped with the claim time', () => {
    const started = startedRow(base, T0);
    expect(started.state).toBe('sending');
    expect(started.attempts).toEqual([{ at: iso(T0), status: null, error: null, outcome: 'in-flight' }]);
  });

  it('the answer replaces the in-flight attempt: one attempt per request, timed when the request went', () => {
    const sent = answered(startedRow(base, T0), { kind: 'sent', status: 201 });
    expect(sent.attempts).toEqual([{ at: iso(T0 + 100), status: 201, error: null }]);
    const retried = answered(startedRow(answered(startedRow(base, T0), transient504), T0 + 90_000), { kind: 'sent', status: 201 });
    expect(retried.attempts.map((a) => [a.status, a.outcome])).toEqual([[504, undefined], [201, undefined]]);
  });

  it('a release (claimed but not sent, or a 401 or halt) takes the in-flight attempt away again', () => {
    expect(releasedRow(startedRow(base, T0))).toEqual(base);
    expect(rowAfterAttempt(startedRow(base, T0), { kind: 'auth-expired', status: 401, reason: 'x' }, times, NATIONAL_LADDER)).toBeNull();
    const waiting = answered(startedRow(base, T0), transient504);
    expect(releasedRow(startedRow(waiting, T0 + 70_000))).toEqual(waiting);
  });

  it('found sending when the app opens again: the attempt stays, cut off with no answer, and the message is due at once', () => {
    const recovered = recoveredRow(startedRow(base, T0));
    expect(recovered).toMatchObject({ state: 'waiting', nextAttemptAt: 0, requestId: base.requestId, body: base.body });
    expect(recovered.attempts).toEqual([{ at: iso(T0), status: null, error: CUT_OFF_ERROR, outcome: 'cut-off' }]);
    // Then the re-send's answer is added after it.
    const sent = answered(startedRow(recovered, T0 + 5_000), { kind: 'sent', status: 201 });
    expect(sent.attempts.map((a) => a.outcome ?? a.status)).toEqual(['cut-off', 201]);
    // A row claimed before attempts were recorded at the start (no in-flight attempt) is released as before.
    expect(recoveredRow({ ...base, state: 'sending' })).toEqual(base);
  });

  it('a cut-off attempt counts on the retry ladder: it went out and may have reached the Spine', () => {
    const recovered = recoveredRow(startedRow(base, T0));
    expect(ladderAttempts(recovered)).toBe(1);
    // The next transient answer is the second attempt: the second rung (30 minutes).
    const after = answered(startedRow(recovered, T0), transient504);
    expect(after.nextAttemptAt).toBe(times.answeredAtMs + (NATIONAL_LADDER.delaysMs[1] ?? 0));
    // Cut off on every try: the ladder ends it as for any other unanswered attempt.
    let row: OutboxMessage = base;
    for (let i = 0; i < 5; i++) row = recoveredRow(startedRow(row, T0 + i));
    const last = answered(startedRow(row, T0 + 10), transient504, TRAINING_LADDER);
    expect(last).toMatchObject({ state: 'failed', failureCode: 'gave-up' });
    expect(last.failure).toMatch(/^No acknowledgement after 6 attempts/);
  });
});

describe('answers that are not a plain 201 or refusal', () => {
  it('already on the Spine (PSIS-30134 for its own event id): Sent, the attempt says so', () => {
    const row = answered(startedRow(answered(startedRow(base, T0), transient504), T0 + 61_000), { kind: 'already-stored', status: 400, reason: `Already on the Spine (400): ${duplicate}` });
    expect(row).toMatchObject({ state: 'sent', failure: null, failureCode: null, nextAttemptAt: 0 });
    expect(row.attempts.at(-1)).toEqual({ at: iso(times.sentAtMs), status: 400, error: `Already on the Spine (400): ${duplicate}`, outcome: 'already-on-spine' });
  });

  it('refused by the service: back to waiting, due, its body to be built again; the attempt is in the history but not on the ladder', () => {
    const held = answered(startedRow(base, T0), refused);
    expect(held).toMatchObject({ state: 'waiting', nextAttemptAt: 0, body: null, failure: null, failureCode: null });
    expect(held.attempts).toEqual([{ at: iso(times.sentAtMs), status: 400, error: refused.reason, outcome: 'held' }]);
    expect(ladderAttempts(held)).toBe(0);
    expect(lastHeld(held)).toEqual({ reason: refused.reason, atMs: times.sentAtMs });
    // Held again and again: still the first rung after the next transient answer.
    const twice = answered(startedRow(held, T0), refused);
    expect(answered(startedRow(twice, T0), transient504).nextAttemptAt).toBe(times.answeredAtMs + (NATIONAL_LADDER.delaysMs[0] ?? 0));
    expect(lastHeld(base)).toBeNull();
  });
});
