// The national contract for tests and the strict level, in two parts:
//   - the national service's own rules (src/domain/spine/, with the full R4 element catalogue),
//     applied to a Bundle sent as the app sends it: one issue, worded as the service words it;
//   - the OpenAPI contract's JSON-schema fragments (UploadBundle.yaml and the entry schemas it
//     references, from test/reference/, compiled once with ajv) and the NHS number's check digit,
//     which the service's code does not check but Spine and the app's rules require.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { isValidNhsNumber } from '../../../src/domain/nhsNumber';
import { checkNationalUpload, uploadRequestFor } from '../../../src/domain/spine/nationalUpload';
import { bundleEntries, isObject, nhsNumberOf, type JsonObject } from './bundleFacts';
import type { ServiceIssue } from './issues';
import { r4ElementCatalogue } from './r4Elements';
import { schemasDir } from './referenceFiles';

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

/** The national service's verdict on `bundle` sent as the app sends it: [] or its one refusal. */
export function checkNational(bundle: unknown): ServiceIssue[] {
  const verdict = checkNationalUpload(uploadRequestFor(JSON.stringify(bundle) ?? ''), r4ElementCatalogue());
  return verdict.ok ? [] : [{ level: 'contract', outcomeCode: 'value', path: 'Bundle', message: verdict.text }];
}

/** The schema-checked entries (Composition, Patient) against their schemas, and each Patient's NHS number. */
export function checkSchemas(bundle: unknown): ServiceIssue[] {
  if (!isObject(bundle) || bundle['resourceType'] !== 'Bundle') {
    return [issue('Bundle', 'The request body must be a FHIR Bundle resource')];
  }
  const { bundle: validateBundle, entries } = contract();
  const issues: ServiceIssue[] = validateBundle(bundle) ? [] : schemaIssues(validateBundle.errors, 'Bundle');
  for (const entry of bundleEntries(bundle)) {
    const validate = entry.resourceType === null ? undefined : entries.get(entry.resourceType);
    const raw: unknown = (bundle['entry'] as unknown[])[entry.index];
    if (validate !== undefined && !validate(raw)) {
      issues.push(...schemaIssues(validate.errors, `Bundle.entry[${entry.index}]`));
    }
    if (entry.resourceType !== 'Patient') continue;
    const nhsNumber = nhsNumberOf(entry.resource);
    if (nhsNumber !== null && !isValidNhsNumber(nhsNumber)) {
      issues.push(issue(`Bundle.entry[${entry.index}].resource.identifier`, `Invalid NHS number: ${nhsNumber}`));
    }
  }
  return issues;
}

/** Everything the national contract refuses the Bundle for: the service's own verdict first, then the schemas. Empty = accepted. */
export function checkContract(bundle: unknown): ServiceIssue[] {
  return [...checkNational(bundle), ...checkSchemas(bundle)];
}
