// Reads a human-readable reason out of a Spine answer's body for the practice to act on.
// Spine errors are FHIR OperationOutcomes (`issue[].details.text` or `issue[].diagnostics`),
// but gateways answer with HTML pages, empty bodies or truncated JSON: each of those gets a
// clear description instead, and nothing is ever read as a verdict from a body we cannot parse.

/** Longest reason kept (characters): it is stored on every failed outbox row. */
export const MAX_REASON_CHARS = 500;
/** How much of an unexpected body is quoted in a reason (characters). */
const QUOTE_CHARS = 80;

export type BodyReading =
  | { readonly kind: 'operation-outcome'; readonly text: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'html'; readonly text: string }
  | { readonly kind: 'not-json'; readonly text: string }
  | { readonly kind: 'other-json'; readonly text: string };

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function issueText(issue: unknown): string | null {
  if (!isRecord(issue)) return null;
  const details = issue['details'];
  if (isRecord(details)) {
    if (typeof details['text'] === 'string' && details['text'].trim() !== '') return details['text'];
  }
  if (typeof issue['diagnostics'] === 'string' && issue['diagnostics'].trim() !== '') return issue['diagnostics'];
  if (isRecord(details) && Array.isArray(details['coding'])) {
    for (const coding of details['coding']) {
      if (isRecord(coding) && typeof coding['display'] === 'string') return coding['display'];
      if (isRecord(coding) && typeof coding['code'] === 'string') return coding['code'];
    }
  }
  return typeof issue['code'] === 'string' ? issue['code'] : null;
}

export function readBody(bodyText: string, contentType: string | null): BodyReading {
  const text = bodyText.trim();
  if (text === '') return { kind: 'empty' };
  if (/html/i.test(contentType ?? '') || text.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    const plain = title ?? text.replace(/<[^>]*>/g, ' ');
    return { kind: 'html', text: clip(plain, QUOTE_CHARS) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'not-json', text: clip(text, QUOTE_CHARS) };
  }
  if (isRecord(json) && json['resourceType'] === 'OperationOutcome' && Array.isArray(json['issue'])) {
    const texts = json['issue'].map(issueText).filter((t): t is string => t !== null);
    if (texts.length > 0) return { kind: 'operation-outcome', text: clip(texts.join('; '), MAX_REASON_CHARS) };
  }
  return { kind: 'other-json', text: clip(text, QUOTE_CHARS) };
}

/** The body described for a reason: the OperationOutcome's own words, or what came instead. */
export function describeBody(bodyText: string, contentType: string | null): string {
  const body = readBody(bodyText, contentType);
  switch (body.kind) {
    case 'operation-outcome':
      return body.text;
    case 'empty':
      return 'the response had no body';
    case 'html':
      return `the response was an HTML page, not an OperationOutcome ("${body.text}")`;
    case 'not-json':
      return `the response body was not JSON ("${body.text}")`;
    case 'other-json':
      return `the response was JSON but not an OperationOutcome ("${body.text}")`;
  }
}
