// Local-time arithmetic in explicit zones: the process runs in UTC, so every result here comes
// from the zone passed in, including both daylight-saving changes.

import { describe, expect, it } from 'vitest';
import { instantOfLocal, localParts, nextOccurrence, offsetAt, parseWallTime } from '../../../src/domain/schedule/wallClock';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const utc = (iso: string): number => Date.parse(iso);
const hm = (text: string): number => {
  const m = parseWallTime(text);
  if (m === null) throw new Error(`bad time ${text}`);
  return m;
};

describe('parseWallTime', () => {
  it('reads 24-hour times and rejects anything else', () => {
    expect(parseWallTime('00:00')).toBe(0);
    expect(parseWallTime('7:30')).toBe(450);
    expect(parseWallTime('19.00')).toBe(1140);
    expect(parseWallTime(' 23:59 ')).toBe(1439);
    for (const bad of ['24:00', '12:60', '1230', '7pm', '', '12:5', '-1:00', '12:00:00']) expect(parseWallTime(bad)).toBeNull();
  });
});

describe('instantOfLocal', () => {
  it('maps London winter and summer wall times to UTC', () => {
    expect(instantOfLocal('2026-01-15', hm('19:00'), LONDON)).toBe(utc('2026-01-15T19:00:00Z'));
    expect(instantOfLocal('2026-07-15', hm('19:00'), LONDON)).toBe(utc('2026-07-15T18:00:00Z'));
    expect(offsetAt(utc('2026-07-15T12:00:00Z'), LONDON)).toBe(3_600_000);
  });

  it('moves a time in the spring-forward gap to the first instant after it', () => {
    // 29 March 2026: London clocks go from 01:00 GMT straight to 02:00 BST.
    expect(instantOfLocal('2026-03-29', hm('01:30'), LONDON)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(localParts(utc('2026-03-29T01:00:00Z'), LONDON)).toEqual({ date: '2026-03-29', minuteOfDay: hm('02:00'), second: 0 });
    expect(instantOfLocal('2026-03-29', hm('00:59'), LONDON)).toBe(utc('2026-03-29T00:59:00Z'));
    expect(instantOfLocal('2026-03-29', hm('02:00'), LONDON)).toBe(utc('2026-03-29T01:00:00Z'));
    // New York skips 02:00-03:00 on 8 March 2026.
    expect(instantOfLocal('2026-03-08', hm('02:15'), NEW_YORK)).toBe(utc('2026-03-08T07:00:00Z'));
  });

  it('takes the first of a time that happens twice in the autumn', () => {
    // 25 October 2026: London's 01:00-02:00 happens in BST, then again in GMT.
    expect(instantOfLocal('2026-10-25', hm('01:30'), LONDON)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(instantOfLocal('2026-10-25', hm('02:30'), LONDON)).toBe(utc('2026-10-25T02:30:00Z'));
    expect(instantOfLocal('2026-11-01', hm('01:30'), NEW_YORK)).toBe(utc('2026-11-01T05:30:00Z'));
  });
});

describe('nextOccurrence', () => {
  it('is later today, or tomorrow once the time has passed, crossing midnight', () => {
    const now = utc('2026-01-15T10:00:00Z');
    expect(nextOccurrence(hm('19:00'), now, LONDON)).toBe(utc('2026-01-15T19:00:00Z'));
    expect(nextOccurrence(hm('07:30'), now, LONDON)).toBe(utc('2026-01-16T07:30:00Z'));
    expect(nextOccurrence(hm('00:00'), utc('2026-01-15T23:59:30Z'), LONDON)).toBe(utc('2026-01-16T00:00:00Z'));
    // Strictly after: at exactly 10:00 the next 10:00 is tomorrow's.
    expect(nextOccurrence(hm('10:00'), now, LONDON)).toBe(utc('2026-01-16T10:00:00Z'));
    // The month and the year roll over.
    expect(nextOccurrence(hm('06:00'), utc('2026-12-31T22:00:00Z'), LONDON)).toBe(utc('2027-01-01T06:00:00Z'));
  });

  it('lands after the gap on the spring-forward night and on the first 01:30 in the autumn', () => {
    expect(nextOccurrence(hm('01:30'), utc('2026-03-28T22:00:00Z'), LONDON)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(nextOccurrence(hm('01:30'), utc('2026-10-24T22:00:00Z'), LONDON)).toBe(utc('2026-10-25T00:30:00Z'));
    // Between the two 01:30s the day's occurrence is used up: the next is the following night.
    expect(nextOccurrence(hm('01:30'), utc('2026-10-25T00:45:00Z'), LONDON)).toBe(utc('2026-10-26T01:30:00Z'));
  });

  it('keeps 07:30 at 07:30 local across both changes (23- and 25-hour days)', () => {
    expect(nextOccurrence(hm('07:30'), utc('2026-03-28T08:00:00Z'), LONDON)).toBe(utc('2026-03-29T06:30:00Z'));
    expect(nextOccurrence(hm('07:30'), utc('2026-10-24T08:00:00Z'), LONDON)).toBe(utc('2026-10-25T07:30:00Z'));
  });
});
