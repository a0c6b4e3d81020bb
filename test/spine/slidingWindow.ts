// The "most requests in any sliding second" statistic of the loopback Spine. The gateway's
// limits themselves are src/domain/spine/gatewayLimits.ts.

export const WINDOW_MS = 1000;

export class SlidingWindow {
  private times: number[] = [];

  /** Requests in the window that ends at `now` (ms). */
  count(now: number): number {
    const cutoff = now - WINDOW_MS;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) this.times.splice(0, drop);
    return this.times.length;
  }

  add(now: number): number {
    this.count(now);
    this.times.push(now);
    return this.times.length;
  }

  clear(): void {
    this.times = [];
  }
}
