// Test helper: parses a narrative div with fast-xml-parser (after its validator has accepted it
// as well-formed) and lists what a reader would see, so tests can assert that record text
// arrives as text and that no element was injected.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

export interface ParsedDiv {
  /** Every element name in document order, the root first. */
  readonly elements: string[];
  /** The decoded text content of every td, in document order. */
  readonly cells: string[];
  /** The decoded text of the whole div. */
  readonly text: string;
  readonly rootXmlns: unknown;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(children: unknown): string {
  if (!Array.isArray(children)) return '';
  let out = '';
  for (const child of children) {
    if (!isNode(child)) continue;
    for (const [key, value] of Object.entries(child)) {
      if (key === '#text') out += String(value);
      else if (key !== ':@') out += textOf(value);
    }
  }
  return out;
}

function walk(children: unknown, elements: string[], cells: string[]): void {
  if (!Array.isArray(children)) return;
  for (const child of children) {
    if (!isNode(child)) continue;
    for (const [key, value] of Object.entries(child)) {
      if (key === '#text' || key === ':@') continue;
      elements.push(key);
      if (key === 'td') cells.push(textOf(value));
      walk(value, elements, cells);
    }
  }
}

export function parseDiv(div: string): ParsedDiv {
  expect(XMLValidator.validate(div)).toBe(true);
  const tree: unknown = parser.parse(div);
  const elements: string[] = [];
  const cells: string[] = [];
  walk(tree, elements, cells);
  const root = Array.isArray(tree) ? tree[0] : undefined;
  const attributes = isNode(root) && isNode(root[':@']) ? root[':@'] : {};
  return { elements, cells, text: textOf(tree), rootXmlns: attributes['@_xmlns'] };
}
