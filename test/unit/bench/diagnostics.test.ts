// The benchmark's diagnostics that are pure: reading /proc stat lines and Chromium's process
// titles (bench/lib/processCpu.ts), summing trace events (browserTrace.ts) and a CPU profile's
// self times (workerProfile.ts).

import { describe, expect, it } from 'vitest';
import { eventTotals } from '../../../bench/lib/browserTrace';
import { cpuBetween, parseStat, processKind } from '../../../bench/lib/processCpu';
import { selfTimes } from '../../../bench/lib/workerProfile';

describe('processCpu', () => {
  it('reads the name, parent and CPU seconds of a stat line whose name has spaces and brackets', () => {
    const line = '4242 (ThreadPool (x) 1) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 12 0 100 0 0';
    expect(parseStat(line)).toEqual({ name: 'ThreadPool (x) 1', parent: 17, seconds: 3 });
    expect(parseStat('garbage')).toBeNull();
  });

  it("names Chromium's processes by their type, from a title rewritten into one string", () => {
    expect(processKind(5, 1, '/usr/lib/chromium/chromium --type=renderer --foo')).toBe('renderer');
    expect(processKind(5, 1, '/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --x')).toBe('utility:network');
    expect(processKind(5, 1, '/usr/lib/chromium/chromium\0--headless\0')).toBe('browser');
    expect(processKind(1, 1, 'node\0x')).toBe('node (bench, Spine)');
  });

  it('gives the CPU used between two snapshots, largest first, small ones left out', () => {
    const before = new Map([['a', 1], ['b', 5]]);
    const after = new Map([['a', 3], ['b', 5.01], ['c', 0.5]]);
    expect(cpuBetween(before, after)).toEqual([['a', 2], ['c', 0.5]]);
  });
});

describe('eventTotals', () => {
  it('sums complete events and begin/end pairs per name', () => {
    const totals = eventTotals([
      { name: 'Count', ph: 'X', ts: 0, dur: 3000, pid: 1, tid: 1 },
      { name: 'Count', ph: 'X', ts: 10, dur: 1000, pid: 1, tid: 1 },
      { name: 'Put', ph: 'B', ts: 100, pid: 1, tid: 2 },
      { name: 'Put', ph: 'E', ts: 600, pid: 1, tid: 2 },
    ]);
    expect(totals).toEqual([
      ['Count', { ms: 4, count: 2 }],
      ['Put', { ms: 0.5, count: 1 }],
    ]);
  });
});

describe('selfTimes', () => {
  it("charges each sample's time (the gap to the next) to its function", () => {
    const frame = (functionName: string) => ({ functionName, url: 'https://x/engine.js', lineNumber: 9 });
    const profile = { nodes: [{ id: 1, callFrame: frame('claim') }, { id: 2, callFrame: frame('') }], samples: [1, 2, 1], timeDeltas: [0, 2000, 500], startTime: 0, endTime: 2500 };
    expect(selfTimes(profile)).toEqual([
      ['claim engine.js:10', 2],
      ['(anonymous) engine.js:10', 0.5],
    ]);
  });
});
