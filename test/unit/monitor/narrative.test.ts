// The narrative converter: real section divs from the builder keep their structure; anything
// outside the whitelist arrives as text only; attributes other than colspan/rowspan vanish.

import { describe, expect, it } from 'vitest';
import { narrativeText, toNarrative, type NarrativeElement, type NarrativeNode } from '../../../src/ui/summary/narrative';
import { renderHeaderSection, renderSummarySections } from '../../../src/domain/summary/sections';
import { parseXml } from './xmlNodes';

const NS = 'xmlns="http://www.w3.org/1999/xhtml"';
const convert = (xml: string): NarrativeNode[] => toNarrative(parseXml(xml));

function elements(nodes: readonly NarrativeNode[]): NarrativeElement[] {
  return nodes.flatMap((n) => (typeof n === 'string' ? [] : [n, ...elements(n.children)]));
}

describe('toNarrative', () => {
  it('keeps a builder table as elements, with colspan and the escaped record text as text', () => {
    const [section] = renderSummarySections({ allergies: [], medications: [] }, '2026-01-01');
    if (section === undefined) throw new Error('no section');
    const nodes = convert(section.div);
    expect(elements(nodes).map((e) => e.tag)).toEqual(['div', 'table', 'thead', 'tr', 'th', 'th', 'th', 'th', 'tbody', 'tr', 'td']);
    const cell = elements(nodes).find((e) => e.tag === 'td');
    expect(cell).toEqual({ tag: 'td', colSpan: 4, rowSpan: null, children: ['No relevant information available for this category.'] });
  });

  it('keeps the header section\'s heading and paragraphs; markup in record text stays text', () => {
    const header = renderHeaderSection({ name: '<script>alert(1)</script> & Co', odsCode: 'A1' }, '2026-01-01T09:00:00Z');
    const nodes = convert(header.div);
    expect(elements(nodes).map((e) => e.tag)).toEqual(['div', 'h3', 'p', 'p']);
    expect(narrativeText(nodes)).toContain("Sourced from the patient's General Practice record.");
    expect(narrativeText(nodes)).toContain('<script>alert(1)</script> & Co (A1)');
  });

  it('drops every attribute except colspan and rowspan, and those only when in range', () => {
    const nodes = convert(
      `<div ${NS} onclick="x()" style="color:red"><table id="t" summary="s"><tbody><tr><td colspan="2" rowspan="3" onmouseover="y()" class="c">a</td><td colspan="0">b</td><td colspan="2000" rowspan="x">c</td></tr></tbody></table></div>`,
    );
    const cells = elements(nodes).filter((e) => e.tag === 'td');
    expect(cells.map((c) => [c.colSpan, c.rowSpan])).toEqual([[2, 3], [null, null], [null, null]]);
    expect(Object.keys(cells[0] ?? {}).sort()).toEqual(['children', 'colSpan', 'rowSpan', 'tag']);
  });

  it('replaces scripts, links, images, iframes and foreign-namespace elements by their text', () => {
    const nodes = convert(
      `<div ${NS}><p>before <a href="javascript:alert(1)">link text</a><img src="x" /><script>bad()</script><iframe>frame</iframe><svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:text>drawn</svg:text></svg:svg><x:b xmlns:x="urn:other">other</x:b> after</p></div>`,
    );
    expect(elements(nodes).map((e) => e.tag)).toEqual(['div', 'p']);
    expect(narrativeText(nodes)).toBe('before link textbad()framedrawnother after');
  });

  it('keeps lists and inline emphasis, drops comments and processing instructions, reads CDATA as text', () => {
    const nodes = convert(`<div ${NS}><!-- note --><?pi data?><ul><li><b>B</b> <i>I</i></li><li><strong>S</strong><br/><em>E</em><span><![CDATA[<raw>]]></span></li></ul></div>`);
    expect(elements(nodes).map((e) => e.tag)).toEqual(['div', 'ul', 'li', 'b', 'i', 'li', 'strong', 'br', 'em', 'span']);
    expect(narrativeText(nodes)).toBe('B ISE<raw>');
  });

  it('leaves out whitespace between rows and cells but keeps it inside cells', () => {
    const nodes = convert(`<div ${NS}>\n<table>\n  <tbody>\n    <tr>\n      <td> a b </td>\n    </tr>\n  </tbody>\n</table>\n</div>`);
    const table = elements(nodes).find((e) => e.tag === 'table');
    expect(table?.children.every((c) => typeof c !== 'string')).toBe(true);
    expect(elements(nodes).find((e) => e.tag === 'td')?.children).toEqual([' a b ']);
  });

  it('treats an element without the XHTML namespace as text', () => {
    expect(convert('<div><p>plain</p></div>')).toEqual(['plain']);
  });

  it('flattens nesting deeper than any real narrative into text instead of recursing on', () => {
    const depth = 200;
    const nodes = convert(`<div ${NS}>${'<span>'.repeat(depth)}deep${'</span>'.repeat(depth)}</div>`);
    expect(elements(nodes).length).toBeLessThanOrEqual(64);
    expect(narrativeText(nodes)).toBe('deep');
  });
});
