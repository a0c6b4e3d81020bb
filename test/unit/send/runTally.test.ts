// A run's counts kept by its sender's moves between real counts (runTally.ts): when it counts
// for real and when the tally answers.

import { describe, expect, it } from 'vitest';
import { RunTally } from '../../../src/worker/send/runTally';
import { EMPTY_OUTBOX_COUNTS, type OutboxCounts } from '../../../src/shared/sendingStatus';

/** A tally over a fake count that returns `stored` and says how often it was asked. */
function tallyOver(stored: OutboxCounts, recountEveryMs = 30_000) {
  const state = { stored, counted: 0, now: 0 };
  const tally = new RunTally(
    7,
    () => {
      state.counted++;
      return Promise.resolve({ ...state.stored });
    },
    () => state.now,
    recountEveryMs,
  );
  return { tally, state };
}

const QUEUED_10: OutboxCounts = { ...EMPTY_OUTBOX_COUNTS, queued: 10 };

describe('RunTally', () => {
  it('counts once, then follows the moves it is told of without counting', async () => {
    const { tally, state } = tallyOver(QUEUED_10);
    expect(await tally.counts()).toEqual(QUEUED_10);
    tally.apply([
      { runId: 7, from: 'queued', to: 'sending' },
      { runId: 7, from: 'queued', to: 'sending' },
      { runId: 7, from: 'sending', to: 'sent' },
      { runId: 8, from: 'queued', to: 'sent' },
    ]);
    expect(await tally.counts()).toEqual({ ...EMPTY_OUTBOX_COUNTS, queued: 8, sending: 1, sent: 1 });
    expect(state.counted).toBe(1);
  });

  it('counts again after rows changed that no move describes', async () => {
    const { tally, state } = tallyOver(QUEUED_10);
    await tally.counts();
    state.stored = { ...EMPTY_OUTBOX_COUNTS, queued: 25 };
    tally.markStale();
    expect(await tally.counts()).toEqual(state.stored);
    expect(await tally.counts()).toEqual(state.stored);
    expect(state.counted).toBe(2);
  });

  it('a change marked while a count runs is counted again afterwards', async () => {
    const { tally, state } = tallyOver(QUEUED_10);
    const first = tally.counts();
    tally.markStale();
    await first;
    await tally.counts();
    expect(state.counted).toBe(2);
  });

  it('counts again once the interval has passed since the last real count', async () => {
    const { tally, state } = tallyOver(QUEUED_10, 1000);
    await tally.counts();
    state.now = 999;
    await tally.counts();
    expect(state.counted).toBe(1);
    state.now = 1000;
    await tally.counts();
    expect(state.counted).toBe(2);
  });

  it('always counts for real when the tally says nothing is left to send', async () => {
    const { tally, state } = tallyOver({ ...EMPTY_OUTBOX_COUNTS, sending: 1, sent: 9 });
    await tally.counts();
    tally.apply([{ runId: 7, from: 'sending', to: 'sent' }]);
    // The database still has one queued (a move the tally missed): the run is not done.
    state.stored = { ...EMPTY_OUTBOX_COUNTS, queued: 1, sent: 10 };
    expect(await tally.counts()).toEqual(state.stored);
    expect(state.counted).toBe(2);
  });

  it('ignores moves before its first count (it has nothing to apply them to)', async () => {
    const { tally } = tallyOver(QUEUED_10);
    tally.apply([{ runId: 7, from: 'queued', to: 'sending' }]);
    expect(await tally.counts()).toEqual(QUEUED_10);
  });
});
