// What the Spine shows of a stored message: the Composition's title, date, author and sections
// (title and narrative div), and the patient's NHS number, read from the Bundle's JSON text.
// The body is stored data, so it is read defensively (unknown, narrowed); nothing here renders.

import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM } from '../../domain/fhir/constants';

export interface SummarySectionView {
  readonly title: string;
  /** The section code (e.g. AllergiesHeader), or '' when missing. */
  readonly code: string;
  /** The narrative XHTML exactly as sent; '' when the section has none. */
  readonly div: string;
}

export interface SummaryView {
  readonly title: string;
  /** ISO instant from Composition.date, or ''. */
  readonly date: string;
  readonly nhsNumber: string;
  /** The practice the author works for: its name and ODS code, either of which may be ''. */
  readonly practiceName: string;
  readonly odsCode: string;
  /** The responsible clinician (the author PractitionerRole's Practitioner), or ''. */
  readonly clinicianName: string;
  readonly sections: readonly SummarySectionView[];
}

export type SummaryRead = { readonly ok: true; readonly summary: SummaryView } | { readonly ok: false; readonly reason: string };

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

interface Entry {
  readonly fullUrl: string;
  readonly resource: Json;
}

function entries(bundle: Json): Entry[] {
  const out: Entry[] = [];
  for (const e of list(bundle.entry)) if (isObject(e) && isObject(e.resource)) out.push({ fullUrl: str(e.fullUrl), resource: e.resource });
  return out;
}

/** The value of the first identifier with this system. */
function identifierValue(resource: Json | undefined, system: string): string {
  for (const id of list(resource?.identifier)) if (isObject(id) && id.system === system) return str(id.value);
  return '';
}

/**
 * The entry a reference names: `Type/id` (as the national service resolves it: the id read from
 * the entry's fullUrl, or its own id), or the whole fullUrl (messages stored by earlier versions).
 */
function referenced(all: readonly Entry[], reference: unknown): Json | undefined {
  const ref = isObject(reference) ? str(reference.reference) : '';
  if (ref === '') return undefined;
  return all.find((e) => e.fullUrl === ref || e.fullUrl.endsWith(`/${ref}`) || `${str(e.resource.resourceType)}/${str(e.resource.id)}` === ref)?.resource;
}

function section(value: unknown): SummarySectionView | null {
  if (!isObject(value)) return null;
  const coding = isObject(value.code) ? list(value.code.coding)[0] : undefined;
  return { title: str(value.title), code: isObject(coding) ? str(coding.code) : '', div: isObject(value.text) ? str(value.text.div) : '' };
}

export function readSummary(body: string): SummaryRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'The stored message is not valid JSON.' };
  }
  if (!isObject(parsed) || parsed.resourceType !== 'Bundle') return { ok: false, reason: 'The stored message is not a FHIR Bundle.' };
  const all = entries(parsed);
  const composition = all.find((e) => e.resource.resourceType === 'Composition')?.resource;
  if (composition === undefined) return { ok: false, reason: 'The stored message has no Composition.' };
  const firstAuthor = list(composition.author)[0];
  const author = referenced(all, firstAuthor);
  // The author is a PractitionerRole (its practitioner and organization); messages stored by
  // earlier versions named the Organization itself.
  const role = author?.resourceType === 'PractitionerRole' ? author : undefined;
  const organization = role === undefined ? author : referenced(all, role.organization);
  const practitioner = role === undefined ? undefined : referenced(all, role.practitioner);
  const clinicianName = isObject(list(practitioner?.name)[0]) ? str((list(practitioner?.name)[0] as Json).text) : '';
  return {
    ok: true,
    summary: {
      title: str(composition.title),
      date: str(composition.date),
      nhsNumber: identifierValue(referenced(all, composition.subject), NHS_NUMBER_SYSTEM),
      practiceName: str(organization?.name) || (isObject(firstAuthor) ? str(firstAuthor.display) : ''),
      odsCode: identifierValue(organization, ODS_ORGANIZATION_SYSTEM),
      clinicianName,
      sections: list(composition.section).flatMap((s) => section(s) ?? []),
    },
  };
}

/** The stored JSON text indented for reading; the text unchanged if it is not JSON. */
export function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body) as unknown, null, 2);
  } catch {
    return body;
  }
}
