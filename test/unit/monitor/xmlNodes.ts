// Test helper: parses XML with fast-xml-parser (no DOMParser in Node) into the minimal node
// interface the narrative converter reads, with namespaces resolved from xmlns declarations
// the way a DOM does (a default namespace is inherited; a prefixed name is in its prefix's).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlNodeLike } from '../../../src/ui/summary/narrative';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  maxNestedTags: 1000,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
});

type Raw = Record<string, unknown>;

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textNode(text: string, nodeType: number): XmlNodeLike {
  return { nodeType, textContent: text, childNodes: [] };
}

function convert(raw: Raw, namespaces: ReadonlyMap<string, string>): XmlNodeLike | null {
  const attrs: Raw = isRaw(raw[':@']) ? raw[':@'] : {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === ':@') continue;
    if (key === '#text') return textNode(String(value), 3);
    if (key === '#comment') return { nodeType: 8, textContent: textOf(value), childNodes: [] };
    if (key === '#cdata') return textNode(textOf(value), 4);
    if (key.startsWith('?')) return { nodeType: 7, textContent: '', childNodes: [] };
    const scope = new Map(namespaces);
    for (const [name, v] of Object.entries(attrs)) {
      if (name === 'xmlns') scope.set('', String(v));
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), String(v));
    }
    const colon = key.indexOf(':');
    const prefix = colon < 0 ? '' : key.slice(0, colon);
    const children = Array.isArray(value) ? value.flatMap((c) => (isRaw(c) ? (convert(c, scope) ?? []) : [])) : [];
    return {
      nodeType: 1,
      localName: colon < 0 ? key : key.slice(colon + 1),
      namespaceURI: scope.get(prefix) ?? null,
      childNodes: children,
      get textContent() {
        return children.filter((c) => c.nodeType !== 8 && c.nodeType !== 7).map((c) => c.textContent ?? '').join('');
      },
      getAttribute: (name: string) => (name in attrs ? String(attrs[name]) : null),
    };
  }
  return null;
}

function textOf(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((v) => (isRaw(v) && '#text' in v ? String(v['#text']) : '')).join('');
}

/** The document element of a well-formed XML string (the test fails if it is not well-formed). */
export function parseXml(xml: string): XmlNodeLike {
  if (XMLValidator.validate(xml) !== true) throw new Error(`not well-formed: ${xml}`);
  const tree: unknown = parser.parse(xml);
  const nodes = Array.isArray(tree) ? tree.flatMap((c) => (isRaw(c) ? (convert(c, new Map()) ?? []) : [])) : [];
  const root = nodes.find((n) => n.nodeType === 1);
  if (root === undefined) throw new Error('no root element');
  return root;
}
