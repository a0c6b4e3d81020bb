// The one CSV writer: what a spreadsheet shows for each cell. A cell that would start a formula
// or a command is shown as text, with the single quote in front; everything else is unchanged.

import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvRow } from '../../../src/domain/export/csv';
import { readCsv } from '../support/readCsv';

describe('csvCell: the formula guard', () => {
  it.each([
    ['=HYPERLINK("http://example.test","Click")', `"'=HYPERLINK(""http://example.test"",""Click"")"`],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('%j is written as text with a leading quote', (value, written) => {
    expect(csvCell(value)).toBe(written);
    expect(readCsv(csvLine([value]))).toEqual([[`'${value}`]]);
  });

  it('leaves a cell alone when the character is not first', () => {
    for (const value of ['9990000018', 'A-1', 'x=1', 'me@example.test', '2026-01-01T09:00:00.000Z', '']) expect(csvCell(value)).toBe(value);
  });
});

describe('csvCell: RFC 4180 quoting', () => {
  it('quotes a cell with a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "no"')).toBe('"say ""no"""');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
  });

  it('a row of awkward cells reads back cell for cell', () => {
    const cells = ['plain', 'a,b', 'say "no"', 'line one\r\nline two', '', '=1+1'];
    expect(csvRow(cells).includes('\r\n')).toBe(true);
    expect(readCsv(csvLine(cells) + csvLine(['next']))).toEqual([[...cells.slice(0, 5), "'=1+1"], ['next']]);
  });
});
