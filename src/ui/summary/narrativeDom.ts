// Parses a narrative div with the browser's XML parser (strict: XHTML is XML) and converts it
// (narrative.ts). Browser only: DOMParser does not exist in Node or in the worker.

import { toNarrative, type NarrativeNode } from './narrative';

/** The narrative, or null when the div is not well-formed XML. */
export function parseNarrative(div: string): NarrativeNode[] | null {
  const doc = new DOMParser().parseFromString(div, 'application/xhtml+xml');
  // Browsers report an XML error as a <parsererror> element (Chromium inside the document, in
  // the XHTML namespace; Firefox as the root, in its own namespace), never as an exception.
  if (doc.getElementsByTagNameNS('*', 'parsererror').length > 0) return null;
  return doc.documentElement === null ? null : toNarrative(doc.documentElement);
}
