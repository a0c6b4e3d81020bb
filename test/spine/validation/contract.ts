// The "contract" validation level: what the national SCR service enforces on POST /Bundle.
// Two sources: the OpenAPI contract's JSON-schema fragments (UploadBundle.yaml and the entry
// schemas it references, loaded from the reference folder and compiled once with ajv), and
// the rules the service documents beyond the schemas (Composition present and first, type and
// category codings exact on system, code and display, the subject a Patient with an NHS number).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { isValidNhsNumber } from '../../../src/domain/nhsNumber';
import {
  bundleEntries,
  compositionEntry,
  isObject,
  nhsNumberOf,
  subjectPatient,
  type JsonObject,
} from './bundleFacts';
import type { ServiceIssue } from './issues';
import { schemasDir } from './referenceFiles';

/** Exactly what the service answers for a Bundle without a Composition (bad-request-1 response). */
export const MISSING_COMPOSITION = 'Composition missing from payload';

export const GP_SUMMARY_TYPE = { system: 'http://snomed.info/sct', code: '196981000000101', display: 'General Practice Summary' };
export const CARE_PROFESSIONAL_DOCUMENTATION = {
  system: 'http://snomed.info/sct',
  code: '163171000000105',
  display: 'Care Professional Documentation',
};

// Relative $refs between the YAML files ("compositionType.yaml") resolve against this base.
const SCHEMA_BASE = 'https://scr-contract.invalid/schemas/';

/**
 * `required` entries of the published schemas that the live service does not enforce: the
 * recorded accepted upload (success-1-basic, answered 201) and the official example break them.
 * Each is removed on load; loading fails if the schema no longer has it, so a changed contract
 * is noticed.
 */
const NOT_ENFORCED: { file: string; at: string[]; property: string; evidence: string }[] = [
  {
    file: 'CompositionEntryUpload.yaml',
    at: ['properties', 'resource'],
    property: 'title',
    evidence: 'success-1-basic and UploadScrBundle.json have no Composition.title',
  },
  {
    file: 'PatientEntry.yaml',
    at: ['properties', 'resource', 'properties', 'identifier', 'items'],
    property: 'extension',
    evidence: 'the Patient identifier of success-1-basic has no verification-status extension',
  },
];

/**
 * Entries checked against their own schema. UploadBundle.entry.items is an anyOf whose
 * members constrain nothing at their top level, so it accepts any entry; and the schemas of
 * the other entry types contradict FHIR R4 JSON (Condition.clinicalStatus as an array,
 * category.coding as an object, Observation.meta as an array) while the service accepted
 * success-1-basic, which follows R4. What the service reads from an upload is the Composition
 * and the Patient, so those two are held to their schemas.
 */
const ENFORCED_ENTRY_SCHEMAS: Record<string, string> = {
  Composition: 'CompositionEntryUpload.yaml',
  Patient: 'PatientEntry.yaml',
};

interface CompiledContract {
  bundle: ValidateFunction;
  entries: Map<string, ValidateFunction>;
}

let compiled: CompiledContract | null = null;

function child(node: unknown, key: string, file: string): JsonObject {
  const next = isObject(node) ? node[key] : undefined;
  if (!isObject(next)) throw new Error(`contract schema ${file}: no "${key}"`);
  return next;
}

function dropRequired(schemas: Map<string, JsonObject>): void {
  for (const { file, at, property, evidence } of NOT_ENFORCED) {
    const node = at.reduce<unknown>((parent, key) => child(parent, key, file), schemas.get(file));
    const required = isObject(node) ? node['required'] : undefined;
    if (!isObject(node) || !Array.isArray(required) || !required.includes(property)) {
      throw new Error(`contract schema ${file}: expected "${property}" required at ${at.join('.')} (dropped because ${evidence})`);
    }
    node['required'] = required.filter((r) => r !== property);
  }
}

function compile(): CompiledContract {
  const dir = schemasDir();
  const schemas = new Map<string, JsonObject>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const schema: unknown = parse(readFileSync(join(dir, file), 'utf8'));
    if (!isObject(schema)) throw new Error(`contract schema ${file} is not an object`);
    schemas.set(file, schema);
  }
  dropRequired(schemas);

  // allErrors: report every problem at once, not the first. `example` is OpenAPI vocabulary.
  // Not strict about `required` naming undeclared properties: ConditionEntry.yaml does that.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  ajv.addKeyword('example');
  for (const [file, schema] of schemas) ajv.addSchema({ ...schema, $id: SCHEMA_BASE + file });

  const entries = new Map<string, ValidateFunction>();
  for (const [type, file] of Object.entries(ENFORCED_ENTRY_SCHEMAS)) {
    const validate = ajv.getSchema(SCHEMA_BASE + file);
    if (validate === undefined) throw new Error(`contract schema ${file} missing`);
    entries.set(type, validate);
  }
  const bundle = ajv.getSchema(`${SCHEMA_BASE}UploadBundle.yaml`);
  if (bundle === undefined) throw new Error('contract schema UploadBundle.yaml missing');
  return { bundle, entries };
}

function contract(): CompiledContract {
  compiled ??= compile();
  return compiled;
}

/** ajv's `/entry/0/resource/type` as `Bundle.entry[0].resource.type`. */
function fhirPath(prefix: string, pointer: string): string {
  let path = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^[0-9]+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  }
  return path;
}

function schemaIssues(errors: ErrorObject[] | null | undefined, prefix: string): ServiceIssue[] {
  return (errors ?? []).map((error) => {
    const base = fhirPath(prefix, error.instancePath);
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
      return { level: 'contract', outcomeCode: 'invalid', path: `${base}.${missing}`, message: 'Missing required property' };
    }
    return { level: 'contract', outcomeCode: 'invalid', path: base, message: error.message ?? error.keyword };
  });
}

function issue(path: string, message: string): ServiceIssue {
  return { level: 'contract', outcomeCode: 'invalid', path, message };
}

function sameCoding(coding: unknown, expected: { system: string; code: string; display: string }): boolean {
  return (
    isObject(coding) &&
    coding['system'] === expected.system &&
    coding['code'] === expected.code &&
    coding['display'] === expected.display
  );
}

function codingsOf(concept: unknown): unknown[] {
  return isObject(concept) && Array.isArray(concept['coding']) ? concept['coding'] : [];
}

function describe(expected: { system: string; code: string; display: string }): string {
  return `${expected.system} ${expected.code} "${expected.display}"`;
}

/** The service's own rules on the Composition and its subject (beyond the schemas). */
function serviceRules(bundle: JsonObject): ServiceIssue[] {
  const issues: ServiceIssue[] = [];
  if (bundle['type'] !== 'document') issues.push(issue('Bundle.type', 'Bundle.type must be "document"'));

  const composition = compositionEntry(bundle);
  if (composition === null) return issues;
  const at = `Bundle.entry[${composition.index}].resource`;
  if (composition.index !== 0) {
    issues.push(issue(`Bundle.entry[${composition.index}]`, 'The Composition must be the first entry of the Bundle'));
  }

  const typeCodings = codingsOf(composition.resource['type']);
  if (typeCodings.length !== 1 || !sameCoding(typeCodings[0], GP_SUMMARY_TYPE)) {
    issues.push(issue(`${at}.type`, `Composition.type must be exactly one coding ${describe(GP_SUMMARY_TYPE)}`));
  }
  const categories = composition.resource['category'];
  const categoryOk =
    Array.isArray(categories) &&
    categories.some((category) => codingsOf(category).some((c) => sameCoding(c, CARE_PROFESSIONAL_DOCUMENTATION)));
  if (!categoryOk) {
    issues.push(issue(`${at}.category`, `Composition.category must include ${describe(CARE_PROFESSIONAL_DOCUMENTATION)}`));
  }

  const patient = subjectPatient(bundle);
  if (patient === null) {
    issues.push(issue(`${at}.subject`, 'Composition.subject must reference a Patient entry in the Bundle'));
    return issues;
  }
  const nhsNumber = nhsNumberOf(patient.resource);
  if (nhsNumber === null) {
    issues.push(issue(`Bundle.entry[${patient.index}].resource.identifier`, 'Patient has no NHS number identifier'));
  } else if (!isValidNhsNumber(nhsNumber)) {
    issues.push(issue(`Bundle.entry[${patient.index}].resource.identifier`, `Invalid NHS number: ${nhsNumber}`));
  }
  return issues;
}

/**
 * Everything the national service would reject the body for, in the order it checks: the
 * Bundle's shape, the Composition's presence (alone: nothing else can be checked without it),
 * each entry against its contract schema, then the documented rules. Empty = accepted.
 */
export function checkContract(bundle: unknown): ServiceIssue[] {
  if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle') {
    return [issue('Bundle', 'The request body must be a FHIR Bundle resource')];
  }
  const { bundle: validateBundle, entries } = contract();
  const issues: ServiceIssue[] = validateBundle(bundle) ? [] : schemaIssues(validateBundle.errors, 'Bundle');
  if (Array.isArray(bundle['entry']) && compositionEntry(bundle) === null) {
    return [{ level: 'contract', outcomeCode: 'value', path: 'Bundle', message: MISSING_COMPOSITION }];
  }
  for (const entry of bundleEntries(bundle)) {
    const validate = entry.resourceType === null ? undefined : entries.get(entry.resourceType);
    const raw: unknown = (bundle['entry'] as unknown[])[entry.index];
    if (validate !== undefined && !validate(raw)) {
      issues.push(...schemaIssues(validate.errors, `Bundle.entry[${entry.index}]`));
    }
  }
  issues.push(...serviceRules(bundle));
  return issues;
}
