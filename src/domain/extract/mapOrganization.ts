// Organization → the practice: its name and ODS code, and where the extract has them its address
// and work telephone (the summary's author's organisation; Settings is filled from them).

import { ODS_ORGANIZATION_SYSTEM } from './conventions';
import { objectsAt, shown, stringAt, stringsAt, type JsonObject } from './json';
import { problem, type Problem } from './problems';

/** A GP practice's ODS code: one letter and five digits (e.g. A81001). */
const PRACTICE_ODS_CODE = /^[A-Z][0-9]{5}$/;

export interface MappedOrganization {
  readonly name: string;
  readonly odsCode: string;
  /** address[0] as one line: its text, else its lines, city and postal code; absent when none. */
  readonly address?: string;
  /** The first phone in telecom (a work one when there is one). */
  readonly telephone?: string;
}

function addressText(r: JsonObject): string | undefined {
  const address = objectsAt(r, 'address')[0];
  if (address === undefined) return undefined;
  const text = stringAt(address, 'text');
  if (text !== undefined && text.trim() !== '') return text.trim();
  const parts = [...stringsAt(address, 'line'), stringAt(address, 'city'), stringAt(address, 'postalCode')].filter((p): p is string => p !== undefined && p.trim() !== '');
  return parts.length === 0 ? undefined : parts.map((p) => p.trim()).join(', ');
}

function phone(r: JsonObject): string | undefined {
  const phones = objectsAt(r, 'telecom').filter((t) => stringAt(t, 'system') === 'phone' && (stringAt(t, 'value') ?? '').trim() !== '');
  const chosen = phones.find((t) => stringAt(t, 'use') === 'work') ?? phones[0];
  return chosen === undefined ? undefined : stringAt(chosen, 'value')?.trim();
}

export function mapOrganization(r: JsonObject, problems: Problem[]): MappedOrganization | null {
  const name = stringAt(r, 'name');
  if (name === undefined) problems.push(problem('missing-field', 'name is missing'));
  const identifier = objectsAt(r, 'identifier').find((i) => stringAt(i, 'system') === ODS_ORGANIZATION_SYSTEM);
  const odsCode = identifier ? identifier['value'] : undefined;
  if (odsCode === undefined) problems.push(problem('missing-field', `identifier with system ${ODS_ORGANIZATION_SYSTEM} (the ODS code) is missing`));
  else if (typeof odsCode !== 'string' || !PRACTICE_ODS_CODE.test(odsCode)) problems.push(problem('invalid-code', `ODS code ${shown(odsCode)} is not a GP practice code (a letter and five digits)`));
  if (name === undefined || typeof odsCode !== 'string' || !PRACTICE_ODS_CODE.test(odsCode)) return null;
  const address = addressText(r);
  const telephone = phone(r);
  return { name, odsCode, ...(address === undefined ? {} : { address }), ...(telephone === undefined ? {} : { telephone }) };
}
