// The outbox counts after changes, coalesced: counting is a query per state, and the sender
// changes rows many times a second, so at most one count runs at a time, and a change during it
// asks for one more after the interval rather than one per change.

import type { OutboxCounts } from '../../shared/sendingStatus';
import type { Sleeper } from './sleeper';

/** Shortest gap between two counts delivered (ms). */
export const DEFAULT_COUNTS_INTERVAL_MS = 250;

export class CountsNotifier {
  /** A count is being taken or delivered, or the interval after it is being waited out. */
  private running = false;
  /** Something changed since the running count began: count once more. */
  private dirty = false;

  constructor(
    private readonly count: () => Promise<OutboxCounts>,
    private readonly onChange: ((counts: OutboxCounts) => void) | undefined,
    private readonly sleeper: Sleeper,
    private readonly intervalMs: number = DEFAULT_COUNTS_INTERVAL_MS,
  ) {}

  /** Something changed: deliver the counts now, or once more after the count under way. */
  changed(): void {
    const onChange = this.onChange;
    if (onChange === undefined) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    void (async () => {
      do {
        this.dirty = false;
        try {
          onChange(await this.count());
        } catch {
          // A failed count or a throwing listener must not stop sending; the next change retries.
        }
        if (this.dirty) await this.sleeper.sleep(this.intervalMs);
      } while (this.dirty);
      this.running = false;
    })();
  }
}
