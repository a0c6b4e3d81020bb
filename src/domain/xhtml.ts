// Text into XHTML, safely. Every free-text value from the practice record (drug names, doses,
// descriptions, terms, the practice name) passes through escapeXhtml before it is placed in a
// narrative `div`, so it can only ever be text: never markup, never an entity, never a
// character that would make the div ill-formed XML.

/**
 * Markup characters, plus the characters XML 1.0 forbids (C0 controls other than tab, LF, CR;
 * lone surrogate halves; U+FFFE, U+FFFF). With the `u` flag a correctly paired surrogate is one
 * code point, so only unpaired halves match. One pass over the string, no allocation when
 * nothing matches.
 */
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Shown in place of a character XML cannot carry, so that the reader sees something was there. */
const REPLACEMENT_CHARACTER = '\uFFFD';

function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&#39;';
    default:
      return REPLACEMENT_CHARACTER;
  }
}

/** Text content for XHTML (element text or attribute value). Non-ASCII text is kept as is. */
export function escapeXhtml(text: string): string {
  return text.replace(NEEDS_ESCAPE, escapeChar);
}

/**
 * A free-text value for a FHIR `string` element: characters XML and FHIR forbid replaced, outer
 * whitespace trimmed (FHIR strings must not be empty and should not be padded). May return ''.
 */
export function cleanFhirString(text: string): string {
  return text.replace(NOT_XML_CHAR, REPLACEMENT_CHARACTER).trim();
}
