// Narrative XHTML checks for every `text.div` in a Bundle: well-formed XML (fast-xml-parser's
// validator), a single root `div` in the XHTML namespace, and FHIR's narrative rules (txt-1:
// only basic HTML elements, no scripts or forms, no event-handler attributes or javascript:
// links; txt-2: some non-whitespace content). Medplum's validator does not look inside `div`.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isObject } from './bundleFacts';
import type { ValidationIssue } from './issues';

export const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

// The elements FHIR narrative allows (HTML 4.0 chapters 7-11 and 15 except 9.4 ins/del, plus
// a and img), as the HL7 reference validator lists them.
const ALLOWED_ELEMENTS = new Set([
  'p', 'br', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'span', 'b', 'em', 'i', 'strong',
  'small', 'big', 'tt', 'dfn', 'q', 'var', 'abbr', 'acronym', 'cite', 'blockquote', 'hr',
  'address', 'bdo', 'kbd', 'sub', 'sup', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table',
  'caption', 'colgroup', 'col', 'thead', 'tr', 'tfoot', 'tbody', 'th', 'td', 'code', 'samp',
  'img', 'map', 'area',
]);

// XHTML in FHIR has no DTD, so only XML's own entities are defined (&nbsp; is not).
const ENTITY = /&(?:#[0-9]+|#x[0-9a-fA-F]+|([A-Za-z][A-Za-z0-9]*));/g;
const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

const ATTRIBUTE_PREFIX = '@_';

// preserveOrder keeps mixed content as a list of nodes: { tag: children[], ':@': attributes }.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  processEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

type XmlNode = Record<string, unknown>;

function walk(nodes: unknown, visit: (tag: string, attributes: Record<string, unknown>) => void, texts: string[]): void {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes) {
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node as XmlNode)) {
      if (key === ':@') continue;
      if (key === '#text') {
        texts.push(String(value));
        continue;
      }
      if (key.startsWith('?') || key === '#comment') continue;
      const attributes = node[':@'];
      visit(key, isObject(attributes) ? attributes : {});
      walk(value, visit, texts);
    }
  }
}

/** Problems with one narrative `div` value; `path` is where it sits in the Bundle. */
export function checkXhtmlDiv(div: string, path: string): ValidationIssue[] {
  const issue = (message: string): ValidationIssue => ({ level: 'xhtml', path, message });
  const wellFormed = XMLValidator.validate(div);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return [issue(`Not well-formed XML (line ${line}, column ${col}): ${msg}`)];
  }
  const issues: ValidationIssue[] = [];
  for (const match of div.matchAll(ENTITY)) {
    const name = match[1];
    if (name !== undefined && !XML_ENTITIES.has(name)) issues.push(issue(`Undefined entity &${name}; (XHTML has no DTD)`));
  }

  const roots = (parser.parse(div) as unknown[]).filter(
    (node) => isObject(node) && Object.keys(node).some((k) => k !== '#text' && k !== ':@' && !k.startsWith('?') && k !== '#comment'),
  );
  const root = roots[0];
  const rootTag = isObject(root) ? Object.keys(root).find((k) => k !== ':@') : undefined;
  const rootAttributes = isObject(root) && isObject(root[':@']) ? root[':@'] : {};
  if (roots.length !== 1 || rootTag !== 'div') {
    issues.push(issue('The narrative must be a single <div> element'));
  } else if (rootAttributes[`${ATTRIBUTE_PREFIX}xmlns`] !== XHTML_NAMESPACE) {
    issues.push(issue(`The root <div> must declare xmlns="${XHTML_NAMESPACE}"`));
  }

  const texts: string[] = [];
  let hasImage = false;
  walk(
    roots,
    (tag, attributes) => {
      const local = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag;
      if (tag.includes(':') || !ALLOWED_ELEMENTS.has(local)) issues.push(issue(`Element <${tag}> is not allowed in FHIR narrative`));
      if (local === 'img') hasImage = true;
      for (const [name, value] of Object.entries(attributes)) {
        const attribute = name.slice(ATTRIBUTE_PREFIX.length);
        if (/^on/i.test(attribute)) issues.push(issue(`Event attribute ${attribute} on <${tag}> is not allowed`));
        if (/^\s*javascript:/i.test(String(value))) issues.push(issue(`javascript: URL in ${attribute} on <${tag}> is not allowed`));
      }
    },
    texts,
  );
  if (!hasImage && texts.join('').trim() === '') issues.push(issue('The narrative has no text content (txt-2)'));
  return issues;
}

/** Every `text.div` in the value (resource and Composition.section narratives alike). */
export function checkNarratives(value: unknown, path = 'Bundle'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => issues.push(...checkNarratives(item, `${path}[${i}]`)));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'text' && isObject(child) && 'div' in child) {
        const div = child['div'];
        if (typeof div === 'string') issues.push(...checkXhtmlDiv(div, `${path}.text.div`));
        else issues.push({ level: 'xhtml', path: `${path}.text.div`, message: 'Narrative div must be a string' });
      } else {
        issues.push(...checkNarratives(child, `${path}.${key}`));
      }
    }
  }
  return issues;
}
