// Moves of outbox rows between states, and counts kept by applying them (outboxMoves.ts).

import { describe, expect, it } from 'vitest';
import { applyMoves, moveOf, movesOf } from '../../../src/domain/sending/outboxMoves';
import { EMPTY_OUTBOX_COUNTS } from '../../../src/shared/sendingStatus';

describe('outbox moves', () => {
  it('a row that changed state moved; one that did not, did not', () => {
    expect(moveOf({ runId: 3, state: 'queued' }, { state: 'sending' })).toEqual({ runId: 3, from: 'queued', to: 'sending' });
    expect(moveOf({ runId: 3, state: 'sending' }, { state: 'sending' })).toBeNull();
  });

  it('rows written in place of others are matched by position', () => {
    const before = [
      { runId: 1, state: 'sending' as const },
      { runId: 1, state: 'sending' as const },
      { runId: 2, state: 'waiting' as const },
    ];
    expect(movesOf(before, [{ state: 'sent' }, { state: 'sending' }, { state: 'failed' }])).toEqual([
      { runId: 1, from: 'sending', to: 'sent' },
      { runId: 2, from: 'waiting', to: 'failed' },
    ]);
  });

  it('applying moves changes only the run counted, and keeps the total', () => {
    const counts = { ...EMPTY_OUTBOX_COUNTS, queued: 10 };
    const next = applyMoves(counts, 1, [
      { runId: 1, from: 'queued', to: 'sending' },
      { runId: 1, from: 'queued', to: 'sending' },
      { runId: 1, from: 'sending', to: 'sent' },
      { runId: 2, from: 'queued', to: 'failed' },
    ]);
    expect(next).toEqual({ queued: 8, sending: 1, waiting: 0, sent: 1, failed: 0 });
    expect(counts.queued).toBe(10);
  });
});
