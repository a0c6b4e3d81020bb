// A row's change of state as one committed transaction made it, and counts kept current by
// applying such moves. Counting the outbox by state is a walk of an index in IndexedDB (Chromium
// visits every entry, and those a row left behind when its state changed, until they are cleaned
// up): at 20,000 messages one count of a run took about 100 ms of the database's time, and while
// it ran no claim or result could be written. The sender knows every move it makes, so between
// real counts the counts can follow them instead.

import type { OutboxMessage, OutboxState } from '../model/runs';
import type { OutboxCounts } from '../../shared/sendingStatus';

export interface OutboxMove {
  readonly runId: number;
  readonly from: OutboxState;
  readonly to: OutboxState;
}

/** The move from `before` to `after` (the same row); null when its state did not change. */
export function moveOf(before: Pick<OutboxMessage, 'runId' | 'state'>, after: Pick<OutboxMessage, 'state'>): OutboxMove | null {
  return before.state === after.state ? null : { runId: before.runId, from: before.state, to: after.state };
}

/** The moves of rows written in place of `before` (matched by position), those that changed state. */
export function movesOf(before: readonly Pick<OutboxMessage, 'runId' | 'state'>[], after: readonly Pick<OutboxMessage, 'state'>[]): OutboxMove[] {
  const moves: OutboxMove[] = [];
  before.forEach((row, i) => {
    const next = after[i];
    const move = next === undefined ? null : moveOf(row, next);
    if (move !== null) moves.push(move);
  });
  return moves;
}

/** `counts` of run `runId` after `moves` (moves of other runs change nothing). */
export function applyMoves(counts: OutboxCounts, runId: number, moves: readonly OutboxMove[]): OutboxCounts {
  const next = { ...counts };
  for (const move of moves) {
    if (move.runId !== runId) continue;
    next[move.from]--;
    next[move.to]++;
  }
  return next;
}
