// GpSummary.isBundleWithAdditionalInformation, which runs after the mappers: it reads the
// sections of Bundle.entry[0] (so the Composition must be the first entry) and, of each
// section, code.coding[0].code and the first child node of its narrative div. It catches
// nothing, so what it cannot find fails the upload with the JVM's message.

import { indexOutOfBounds, NULL_FIRST_SECTIONS } from './javaText';
import { child, isObject, items, text } from './json';
import { refuse } from './refusal';
import type { UploadBundle } from './uploadBundle';

/** How many child nodes the root element of a narrative div has: 0 or "some". */
function divHasChildNodes(div: string): boolean {
  if (/^\s*<div\b[^>]*\/>\s*$/.test(div)) return false;
  const inner = /^\s*<div\b[^>]*>([\s\S]*)<\/div>\s*$/.exec(div)?.[1];
  return inner === undefined || inner !== '';
}

export function checkAdditionalInformation(bundle: UploadBundle): void {
  const first = bundle.entries[0];
  if (first === undefined) refuse(indexOutOfBounds(0, 0));
  if (first.resourceType !== 'Composition' || first.resource === null) refuse(NULL_FIRST_SECTIONS);
  for (const section of items(first.resource['section'])) {
    if (!isObject(section)) continue;
    const code = child(section, 'code');
    if (code === null) refuse(indexOutOfBounds(0, 0));
    const coding = items(code['coding']);
    const firstCoding = coding[0];
    if (firstCoding === undefined) refuse(indexOutOfBounds(0, 0));
    if (!isObject(firstCoding) || text(firstCoding, 'code') === null) refuse(indexOutOfBounds(0, 0));
    const div = text(child(section, 'text'), 'div') ?? '';
    if (!divHasChildNodes(div)) refuse(indexOutOfBounds(0, 0));
  }
}
