// The app's pacer on paths recorded by the sending benchmark (test/fixtures/pacing-paths/): each
// request's real delay from fetch to the gateway on the benchmark's 2-core VM, idle and with both
// cores kept busy, replayed through the pacing model (spikeArrestModel.ts). What the gateway would
// have admitted and refused, as the README and pacingMargin.ts state it.

import { describe, expect, it } from 'vitest';
import { fixedMarginPacer, readPathRecordings, recordedPath } from './recordedPaths';
import { admittedRateFrom, runModel, type Pacer } from './spikeArrestModel';

const SPACING_MS = 200;
/** About the benchmark's ten minutes at the limit. */
const MESSAGES = 3000;
/** The benchmark counts after a 30 s warm-up (ms). */
const WARM_UP_MS = 30_000;
/** The fixed margins the learnt one is compared with (ms): the best of them on every recording lies among these. */
const FIXED_MARGINS_MS = [8, 10, 12, 15, 20];

const recordings = readPathRecordings();

function replay(name: string, pacer?: Pacer): { ratio: number; refusedShare: number; refused: number } {
  const found = recordings.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no recording ${name}`);
  const run = runModel({ messages: MESSAGES, path: recordedPath(found.recording), seed: 1, ...(pacer === undefined ? {} : { pacer }) });
  const refused = run.spikeArrests + run.quotaRefusals;
  return { ratio: admittedRateFrom(run, WARM_UP_MS) / (1000 / SPACING_MS), refusedShare: refused / run.grants.length, refused };
}

describe('the pacer on recorded paths', () => {
  it('has idle and busy recordings to replay', () => {
    expect(recordings.filter((r) => !r.recording.busy).length).toBeGreaterThanOrEqual(3);
    expect(recordings.filter((r) => r.recording.busy).length).toBeGreaterThanOrEqual(3);
  });

  describe.each(recordings.map((r) => [r.name, r.recording.busy] as const))('%s', (name, busy) => {
    it(`sends at ${busy ? '0.89' : '0.92'} of the limit or more, with about 1% refused`, () => {
      const learnt = replay(name);
      expect(learnt.ratio).toBeGreaterThanOrEqual(busy ? 0.89 : 0.92);
      expect(learnt.refusedShare).toBeGreaterThanOrEqual(0.005);
      expect(learnt.refusedShare).toBeLessThanOrEqual(0.015);
    });

    it('learns a margin within 0.02 of the limit of the best fixed one for this path', () => {
      const learnt = replay(name);
      const best = Math.max(...FIXED_MARGINS_MS.map((m) => replay(name, fixedMarginPacer(SPACING_MS, m)).ratio));
      expect(learnt.ratio).toBeGreaterThanOrEqual(best - 0.02);
    });

    it('could not avoid every 429 at 0.83 of the limit with any fixed margin either', () => {
      // A margin of 40 ms keeps 200/240 of the limit; the path's stalls still bunch two requests.
      const wide = replay(name, fixedMarginPacer(SPACING_MS, 40));
      expect(wide.ratio).toBeLessThan(0.84);
      expect(wide.refused).toBeGreaterThan(0);
    });
  });
});
