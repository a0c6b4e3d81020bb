// Outbox row transitions after an attempt: sent and failed are final, transient retries climb
// the ladder and end failed with a reason, auth and halt use no attempt.

import { describe, expect, it } from 'vitest';
import { requestCount, type OutboxMessage } from '../../../src/domain/model/runs';
import type { SendVerdict } from '../../../src/domain/sending/classify';
import { ladderAttempts, releasedRow, rowAfterAttempt } from '../../../src/domain/sending/outboxTransition';
import { NATIONAL_LADDER, TRAINING_LADDER } from '../../../src/domain/sending/retryLadder';
import { demoOutboxRows } from './support';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const times = { sentAtMs: T0, answeredAtMs: T0 + 250 };
const sending = (row: OutboxMessage): OutboxMessage => ({ ...row, state: 'sending' });
const transient503: SendVerdict = { kind: 'transient', cause: 'server-error', status: 503, reason: 'Service unavailable (503): x', retryAfterMs: null };

describe('rowAfterAttempt', () => {
  const [base] = demoOutboxRows(1);
  if (base === undefined) throw new Error('no demo row');

  it('201: sent, with the attempt recorded', () => {
    const row = rowAfterAttempt(sending(base), { kind: 'sent', status: 201 }, times, NATIONAL_LADDER);
    expect(row).toEqual({ ...base, state: 'sent', attempts: [{ at: new Date(T0).toISOString(), status: 201, error: null }], nextAttemptAt: 0, failure: null });
  });

  it('a refusal: failed with its reason', () => {
    const row = rowAfterAttempt(sending(base), { kind: 'failed', code: 'no-consent', status: 403, reason: 'No consent on Spine (403): x', serviceText: 'x' }, times, NATIONAL_LADDER);
    expect(row).toMatchObject({ state: 'failed', failure: 'No consent on Spine (403): x', attempts: [{ status: 403, error: 'No consent on Spine (403): x' }] });
  });

  it('transient: waiting until the rung after the answer, requestId and body unchanged', () => {
    const row = rowAfterAttempt(sending(base), transient503, times, NATIONAL_LADDER);
    expect(row).toMatchObject({ state: 'waiting', nextAttemptAt: T0 + 250 + 60_000, requestId: base.requestId, body: base.body, failure: null });
    expect(row?.attempts).toHaveLength(1);
  });

  it('transient: Retry-After later than the rung wins', () => {
    const row = rowAfterAttempt(sending(base), { ...transient503, retryAfterMs: 5000 }, times, TRAINING_LADDER);
    expect(row?.nextAttemptAt).toBe(T0 + 250 + 5000);
  });

  it("429 (the gateway's, before the service saw it): due again at once or at its Retry-After, marked throttled, climbing no rung however often", () => {
    const throttled: SendVerdict = { kind: 'transient', cause: 'rate-limited', status: 429, reason: 'Rate limit exceeded (429): x', retryAfterMs: null };
    let row: OutboxMessage | null = sending(base);
    for (let i = 0; i < 20 && row !== null; i++) row = rowAfterAttempt({ ...row, state: 'sending' }, throttled, times, TRAINING_LADDER);
    expect(row).toMatchObject({ state: 'waiting', nextAttemptAt: T0 + 250, failure: null });
    // Twenty refusals in a row are one throttled attempt standing for twenty requests.
    expect(row?.attempts).toEqual([{ at: new Date(T0).toISOString(), status: 429, error: 'Rate limit exceeded (429): x', outcome: 'throttled', repeats: 20 }]);
    expect(requestCount(row?.attempts ?? [])).toBe(20);
    expect(row === null ? -1 : ladderAttempts(row)).toBe(0);
    // Another answer in between starts a new one.
    const timeout: SendVerdict = { kind: 'transient', cause: 'timeout', status: null, reason: 'No answer', retryAfterMs: null };
    const afterTimeout = row === null ? null : rowAfterAttempt({ ...row, state: 'sending' }, timeout, times, TRAINING_LADDER);
    const again = afterTimeout === null ? null : rowAfterAttempt({ ...afterTimeout, state: 'sending' }, throttled, times, TRAINING_LADDER);
    expect(again?.attempts.map((a) => [a.status, a.outcome ?? null, a.repeats ?? 1])).toEqual([[429, 'throttled', 20], [null, null, 1], [429, 'throttled', 1]]);
    expect(requestCount(again?.attempts ?? [])).toBe(22);
    expect(rowAfterAttempt(sending(base), { ...throttled, retryAfterMs: 3000 }, times, NATIONAL_LADDER)?.nextAttemptAt).toBe(T0 + 250 + 3000);
  });

  it('transient on the last rung: failed, saying how many attempts and the last reason', () => {
    let row: OutboxMessage = sending(base);
    for (let i = 0; i < 6; i++) {
      const next = rowAfterAttempt({ ...row, state: 'sending' }, transient503, times, TRAINING_LADDER);
      if (next === null) throw new Error('released');
      row = next;
    }
    expect(row.state).toBe('failed');
    expect(row.attempts).toHaveLength(6);
    expect(row.failure).toBe('No acknowledgement after 6 attempts (the most the training retry schedule allows, 6); last: Service unavailable (503): x');
  });

  it('auth-expired and halt use no attempt: the row is released', () => {
    expect(rowAfterAttempt(sending(base), { kind: 'auth-expired', status: 401, reason: 'x' }, times, NATIONAL_LADDER)).toBeNull();
    expect(rowAfterAttempt(sending(base), { kind: 'halt', status: 404, reason: 'x' }, times, NATIONAL_LADDER)).toBeNull();
  });

  it('a released row goes back to queued, or to waiting (still due) once it has attempts', () => {
    expect(releasedRow(sending(base))).toEqual(base);
    const retried = { ...sending(base), attempts: [{ at: 'x', status: 503, error: 'y' }], nextAttemptAt: T0 };
    expect(releasedRow(retried)).toMatchObject({ state: 'waiting', nextAttemptAt: T0 });
  });
});
