import { describe, expect, it } from 'vitest';
import { selectSummaryContent } from '../../../src/domain/summary/content';
import { acute, code, makeAllergy, makePatient, repeat, RUN_DATE } from './fixtures';

// RUN_DATE is 2024-06-15: the window is [2023-12-15, 2024-06-15].
const EDGE = '2023-12-15';
const OUTSIDE = '2023-12-14';

const ivf = code('snomed', '52637005', 'In vitro fertilisation');
const std = code('read2', 'A98..', 'Gonococcal infections');
const top = code('snomed', '57797005', 'Induced termination of pregnancy');
const gender = code('ctv3', 'XaMzp', 'Gender reassignment');

function content(...args: Parameters<typeof makePatient>) {
  return selectSummaryContent(makePatient(...args), RUN_DATE);
}

describe('acute medication: prescribed in the last 6 months', () => {
  it('exactly 6 months ago is in, one day more is out, runDate is in, later is out', () => {
    const c = content({
      medications: [acute(EDGE, { id: 'edge' }), acute(OUTSIDE, { id: 'out' }), acute(RUN_DATE, { id: 'today' }), acute('2024-06-16', { id: 'future' })],
    });
    expect(c.acute.map((m) => m.id)).toEqual(['today', 'edge']);
    expect(c.window).toEqual({ from: EDGE, to: RUN_DATE });
  });

  it('month end: from 31 Aug 2024 the window starts on 29 Feb 2024', () => {
    const c = selectSummaryContent(
      makePatient({ medications: [acute('2024-02-29', { id: 'in' }), acute('2024-02-28', { id: 'out' })] }),
      '2024-08-31',
    );
    expect(c.acute.map((m) => m.id)).toEqual(['in']);
    const common = selectSummaryContent(
      makePatient({ medications: [acute('2023-02-28', { id: 'in' }), acute('2023-02-27', { id: 'out' })] }),
      '2023-08-31',
    );
    expect(common.acute.map((m) => m.id)).toEqual(['in']);
  });
});

describe('current repeat medication: not discontinued, issued or reviewed in the last 6 months', () => {
  it('issued on the edge is in, a day before is out', () => {
    const c = content({ medications: [repeat({ id: 'edge', lastIssuedOn: EDGE }), repeat({ id: 'out', lastIssuedOn: OUTSIDE })] });
    expect(c.currentRepeat.map((m) => m.id)).toEqual(['edge']);
  });

  it('a review in the window keeps an item current even when not issued recently (or ever)', () => {
    const c = content({
      medications: [
        repeat({ id: 'reviewed', lastIssuedOn: '2022-01-01', reviewedOn: EDGE }),
        repeat({ id: 'never-issued', lastIssuedOn: null, reviewedOn: '2024-05-01' }),
        repeat({ id: 'old-review', lastIssuedOn: null, reviewedOn: OUTSIDE }),
        repeat({ id: 'nothing', lastIssuedOn: null, reviewedOn: null }),
      ],
    });
    expect(c.currentRepeat.map((m) => m.id)).toEqual(['never-issued', 'reviewed']);
  });

  it('a discontinued item is never current, even if issued recently', () => {
    const c = content({ medications: [repeat({ id: 'stopped', lastIssuedOn: RUN_DATE, discontinuedOn: '2024-06-01' })] });
    expect(c.currentRepeat).toEqual([]);
    expect(c.discontinuedRepeat.map((m) => m.id)).toEqual(['stopped']);
  });

  it('a stop date after runDate has not happened yet: the item is still current', () => {
    const c = content({ medications: [repeat({ id: 'later', lastIssuedOn: '2024-06-01', discontinuedOn: '2024-07-01' })] });
    expect(c.currentRepeat.map((m) => m.id)).toEqual(['later']);
    expect(c.discontinuedRepeat).toEqual([]);
  });
});

describe('discontinued repeat medication: discontinued in the last 6 months', () => {
  it('discontinued on the edge is in, a day before is out', () => {
    const c = content({
      medications: [
        repeat({ id: 'edge', lastIssuedOn: '2023-10-01', discontinuedOn: EDGE }),
        repeat({ id: 'out', lastIssuedOn: RUN_DATE, discontinuedOn: OUTSIDE }),
      ],
    });
    expect(c.discontinuedRepeat.map((m) => m.id)).toEqual(['edge']);
    expect(c.currentRepeat).toEqual([]);
  });
});

describe('allergies', () => {
  it('negative "no known allergy" entries are not sent; others are, whatever their date', () => {
    const c = content({
      allergies: [
        makeAllergy({ id: 'nka', description: 'No known drug allergy', negative: true, severity: null }),
        makeAllergy({ id: 'old', recordedOn: '1990-01-01' }),
        makeAllergy({ id: 'new', recordedOn: '2024-01-01', certainty: 'unconfirmed' }),
      ],
    });
    expect(c.allergies.map((a) => a.id)).toEqual(['new', 'old']);
  });
});

describe('withheld categories', () => {
  it('items linked to any withheld code appear in no list, and are counted', () => {
    const c = content({
      medications: [
        acute(RUN_DATE, { id: 'ivf', linkedProblem: ivf }),
        repeat({ id: 'std', lastIssuedOn: RUN_DATE, linkedProblem: std }),
        repeat({ id: 'top', discontinuedOn: RUN_DATE, linkedProblem: top }),
        acute(RUN_DATE, { id: 'ok', linkedProblem: code('read2', 'H33..', 'Asthma') }),
      ],
      allergies: [makeAllergy({ id: 'gr', linkedProblem: gender }), makeAllergy({ id: 'fine' })],
    });
    expect(c.acute.map((m) => m.id)).toEqual(['ok']);
    expect(c.currentRepeat).toEqual([]);
    expect(c.discontinuedRepeat).toEqual([]);
    expect(c.allergies.map((a) => a.id)).toEqual(['fine']);
    expect(c.withheldCount).toBe(4);
  });

  it('matching needs the same system and code', () => {
    const c = content({ medications: [acute(RUN_DATE, { id: 'x', linkedProblem: code('read2', '52637005') })] });
    expect(c.acute.map((m) => m.id)).toEqual(['x']);
  });

  it('withheld items outside every window are not counted', () => {
    const c = content({ medications: [acute(OUTSIDE, { linkedProblem: ivf })] });
    expect(c.withheldCount).toBe(0);
  });
});

describe('ordering', () => {
  it('newest first; equal dates keep the record order', () => {
    const c = content({
      medications: [acute('2024-01-01', { id: 'a' }), acute('2024-03-01', { id: 'b' }), acute('2024-01-01', { id: 'c' })],
    });
    expect(c.acute.map((m) => m.id)).toEqual(['b', 'a', 'c']);
  });
});
