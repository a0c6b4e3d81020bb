// What the practice reads about the attempts that are not a plain answer (one in flight, one cut
// off by the app closing, one the Spine already had, one held because the Spine refused what the
// app sends, one the gateway turned back with 429) in the message list and detail, and about the refused-by-service hold in the status
// bar and on the Upload screen (both use sendingText).

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SendAttempt } from '../../../src/domain/model/runs';
import { CUT_OFF_ERROR } from '../../../src/domain/sending/outboxTransition';
import type { MessageListItem } from '../../../src/shared/monitor';
import { EMPTY_OUTBOX_COUNTS, type RunSending } from '../../../src/shared/sendingStatus';
import { attemptAnswerText, attemptShortText, sentAsAlreadyOnSpine } from '../../../src/ui/monitor/attemptText';
import { MessageTable } from '../../../src/ui/monitor/MessageTable';
import { sendingHoldText, sendingText } from '../../../src/ui/sendingText';

const AT = '2026-01-01T09:00:00.000Z';
const DUPLICATE = 'Already on the Spine (400): [PSIS-30134] - Duplicate event with eventId C0000000-0000-4000-8000-000000000001 and nhsNumber 9990000018.';
const MISSING = "Required request header 'NHSD-Session-URID' for method parameter type String is not present";
const attempts = {
  answered: { at: AT, status: 201, error: null },
  unanswered: { at: AT, status: null, error: 'No answer within 30 s' },
  inFlight: { at: AT, status: null, error: null, outcome: 'in-flight' },
  cutOff: { at: AT, status: null, error: CUT_OFF_ERROR, outcome: 'cut-off' },
  already: { at: AT, status: 400, error: DUPLICATE, outcome: 'already-on-spine' },
  held: { at: AT, status: 400, error: `Rejected by the Spine (400): ${MISSING}`, outcome: 'held' },
  throttled: { at: AT, status: 429, error: "Rate limit exceeded (429): You have exceeded your application's rate limit", outcome: 'throttled' },
} satisfies Record<string, SendAttempt>;

function item(state: MessageListItem['state'], lastAttempt: SendAttempt | null, n = 1): MessageListItem {
  return { requestId: `r-${state}-${lastAttempt?.outcome ?? 'none'}`, seq: 1, nhsNumber: '9990000018', state, attemptCount: n, lastAttempt, nextAttemptAt: 0, failure: null, failureCode: null };
}

describe('attempt words', () => {
  it('the answer column says what each attempt came to', () => {
    expect(attemptAnswerText(attempts.answered)).toBe('201');
    expect(attemptAnswerText(attempts.unanswered)).toBe('No answer (timeout or network error)');
    expect(attemptAnswerText(attempts.inFlight)).toBe('Sending now: no answer yet');
    expect(attemptAnswerText(attempts.cutOff)).toBe('No answer — the app was closed');
    expect(attemptAnswerText(attempts.already)).toBe('400 — already on the Spine: Sent');
    expect(attemptAnswerText(attempts.held)).toBe('400 — sending paused; this message waits');
    expect(attemptAnswerText(attempts.throttled)).toBe('429 — the gateway asked the app to slow down; sent again shortly');
    expect(attemptAnswerText({ ...attempts.throttled, repeats: 1350 })).toBe('429 — the gateway asked the app to slow down (1,350 times in a row); sent again shortly');
  });

  it('the list’s last attempt and next-step columns', () => {
    expect(attemptShortText(attempts.cutOff)).toBe('no answer — the app was closed');
    expect(attemptShortText(attempts.already)).toBe('HTTP 400, already on the Spine');
    expect(attemptShortText(attempts.throttled)).toBe('HTTP 429, slowed down by the gateway');
    expect(attemptShortText({ ...attempts.throttled, repeats: 2 })).toBe('HTTP 429, slowed down by the gateway (2 times in a row)');
    expect(sentAsAlreadyOnSpine([attempts.cutOff, attempts.already])).toBe(true);
    expect(sentAsAlreadyOnSpine([attempts.answered])).toBe(false);
    const html = renderToStaticMarkup(
      createElement(MessageTable, {
        items: [item('sent', attempts.already, 2), item('waiting', attempts.held), item('sending', attempts.inFlight), item('waiting', attempts.cutOff)],
        onOpen: () => undefined,
        focusRequestId: null,
        onFocused: () => undefined,
      }),
    );
    expect(html).toContain('HTTP 400, already on the Spine');
    expect(html).toContain('Already on the Spine');
    expect(html).toContain('Waits until sending resumes');
    expect(html).toContain('sending now');
    expect(html).toContain('no answer — the app was closed');
  });
});

describe('the refused-by-service hold in words', () => {
  const sending = (refusal: RunSending['sender']['refusal']): RunSending => ({
    counts: { ...EMPTY_OUTBOX_COUNTS, queued: 90, waiting: 4 },
    sender: { running: true, holds: ['refused-by-service'], detail: refusal?.text ?? null, refusal, inFlight: 0, throttledUntil: null, probeAt: null, nextAttemptAt: null },
    destination: 'scr.spine.test',
    training: false,
  });

  it('says the service’s words, that nothing has failed, and what to do', () => {
    const text = sendingHoldText(sending({ rule: 'contract', status: 400, text: MISSING }), 0);
    expect(text).toBe(`The Spine refused what this app sends (400): ${MISSING}. Sending is paused; nothing has failed. Fix the settings: sending resumes when they are saved (or Pause, then Resume).`);
    expect(sendingText(sending({ rule: 'contract', status: 400, text: MISSING }), 0)).toBe(`Sent 0, in flight 0, waiting to send 90, waiting to retry 4, failed 0 (to scr.spine.test). ${text}`);
  });

  it('for the same refusal in a row, says so; a final full stop in the service’s words is not doubled', () => {
    const text = sendingHoldText(sending({ rule: 'repeated', status: 400, text: '[PSIS-30418] - ACF does not permit access to resource.' }), 0);
    expect(text).toMatch(/^The Spine refused what this app sends \(400, the same answer for 3 different patients in a row\): \[PSIS-30418\] - ACF does not permit access to resource\. Sending is paused/);
  });
});
