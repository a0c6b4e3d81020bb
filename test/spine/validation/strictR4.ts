// The "strict" validation level: the national contract plus real FHIR R4 validity, which is
// what this project's summaries must meet (the upstream examples do not: they lack
// Composition.title and Condition.subject). Checks, reported in this order:
//   contract  - the service's rules, the schemas and NHS numbers (contract.ts)
//   r4        - medplum's validateResource: structure, cardinality, types, FHIRPath invariants
//   binding   - required code bindings, which medplum skips (bindings.ts)
//   xhtml     - narrative well-formedness and FHIR narrative rules (xhtml.ts)

import { OperationOutcomeError, validateResource } from '@medplum/core';
import { checkRequiredBindings } from './bindings';
import { checkNational, checkSchemas } from './contract';
import type { ServiceIssue, ValidationIssue } from './issues';
import { ensureR4Definitions, isFhirResource, type FhirResource } from './r4Definitions';
import { checkNarratives } from './xhtml';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface OutcomeIssue {
  severity?: string;
  code?: string;
  details?: { text?: string };
  diagnostics?: string;
  expression?: string[];
}

/** medplum's errors (not its warnings) as issues. */
export function checkR4Structure(resource: FhirResource): ValidationIssue[] {
  ensureR4Definitions();
  try {
    validateResource(resource);
    return [];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) {
      return [{ level: 'r4', path: resource.resourceType, message: errorMessage(error) }];
    }
    const outcome: { issue?: OutcomeIssue[] } = error.outcome;
    return (outcome.issue ?? [])
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => ({
        level: 'r4' as const,
        path: i.expression?.[0] ?? resource.resourceType,
        message: i.details?.text ?? i.diagnostics ?? i.code ?? 'invalid',
      }));
  }
}

/** What the strict level adds to the service's own rules: schemas, R4 structure, required bindings, narrative XHTML. */
export function checkStrictExtras(bundle: unknown): ServiceIssue[] {
  const issues: ServiceIssue[] = [...checkSchemas(bundle)];
  if (!isFhirResource(bundle)) {
    return [...issues, { level: 'r4', path: 'Bundle', message: 'Not a FHIR resource (no resourceType)' }];
  }
  issues.push(...checkR4Structure(bundle));
  try {
    issues.push(...checkRequiredBindings(bundle));
  } catch (error) {
    // The crawl follows the R4 definitions; a structure too broken to follow is already reported above.
    issues.push({ level: 'binding', path: 'Bundle', message: `Bindings not checked: ${errorMessage(error)}` });
  }
  issues.push(...checkNarratives(bundle));
  return issues;
}

/** The service's rules, schemas, R4 structure, required bindings and narrative XHTML. Empty = valid. */
export function checkStrictR4(bundle: unknown): ServiceIssue[] {
  return [...checkNational(bundle), ...checkStrictExtras(bundle)];
}
