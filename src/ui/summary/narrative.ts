// A FHIR narrative (section.text.div, XHTML) as plain data that React can render without ever
// treating it as markup: only the elements below are kept, each with no attributes but colspan
// and rowspan; any other element is replaced by its text; comments and processing instructions
// are dropped. The input is a parsed XML tree behind a minimal node interface, which a DOM
// Node satisfies (narrativeDom.ts) and which tests build from another XML parser.

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

export const NARRATIVE_TAGS = ['div', 'p', 'span', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'i', 'em', 'br', 'ul', 'ol', 'li', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td'] as const;
export type NarrativeTag = (typeof NARRATIVE_TAGS)[number];

export interface NarrativeElement {
  readonly tag: NarrativeTag;
  /** Positive integers from the source's colspan/rowspan; null when absent or not a number in range. */
  readonly colSpan: number | null;
  readonly rowSpan: number | null;
  readonly children: readonly NarrativeNode[];
}

/** A string is text, shown as text. */
export type NarrativeNode = string | NarrativeElement;

/** The parts of a DOM Node the conversion reads. */
export interface XmlNodeLike {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<XmlNodeLike>;
  readonly localName?: string | null;
  readonly namespaceURI?: string | null;
  getAttribute?(name: string): string | null;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Deeper than any real narrative: below this, elements become their text (no deep recursion). */
const MAX_DEPTH = 64;

/** Whitespace between rows and cells is layout, not content, and React rejects it there. */
const NO_TEXT_CHILDREN: ReadonlySet<NarrativeTag> = new Set(['table', 'thead', 'tbody', 'tr', 'ul', 'ol']);

const ALLOWED: ReadonlySet<string> = new Set(NARRATIVE_TAGS);

function isNarrativeTag(name: string): name is NarrativeTag {
  return ALLOWED.has(name);
}

/** HTML's own limits: colspan 1–1000, rowspan 1–65534. */
function span(node: XmlNodeLike, name: 'colspan' | 'rowspan', max: number): number | null {
  const raw = node.getAttribute?.(name)?.trim() ?? '';
  if (!/^[0-9]{1,5}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : null;
}

function allowedTag(node: XmlNodeLike): NarrativeTag | null {
  const name = node.localName ?? '';
  return node.namespaceURI === XHTML_NS && isNarrativeTag(name) ? name : null;
}

function convert(node: XmlNodeLike, depth: number): NarrativeNode[] {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) return node.textContent ? [node.textContent] : [];
  if (node.nodeType !== ELEMENT_NODE) return [];
  const tag = allowedTag(node);
  if (tag === null || depth >= MAX_DEPTH) return node.textContent ? [node.textContent] : [];
  const children: NarrativeNode[] = [];
  if (tag !== 'br') {
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child === undefined) continue;
      for (const converted of convert(child, depth + 1)) {
        if (typeof converted === 'string' && NO_TEXT_CHILDREN.has(tag) && converted.trim() === '') continue;
        children.push(converted);
      }
    }
  }
  return [{ tag, colSpan: span(node, 'colspan', 1000), rowSpan: span(node, 'rowspan', 65534), children }];
}

/** The narrative of one root (normally the section's `<div xmlns="http://www.w3.org/1999/xhtml">`). */
export function toNarrative(root: XmlNodeLike): NarrativeNode[] {
  return convert(root, 0);
}

/** All the text of a narrative, as a reader would meet it (for tests and summaries). */
export function narrativeText(nodes: readonly NarrativeNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : narrativeText(n.children))).join('');
}
