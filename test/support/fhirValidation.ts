// Validation of upload Bundles for tests, the same checks the loopback Spine applies:
//   validateContract  - what the national SCR service enforces (its OpenAPI schemas and rules)
//   validateStrictR4  - the contract plus FHIR R4 structure and invariants, required code
//                       bindings and narrative XHTML (what this project's summaries must meet)
// Both return an empty array for a valid Bundle. Definitions and schemas load once, lazily, on
// first use (under a second); each call then takes a few milliseconds.

import { checkContract } from '../spine/validation/contract';
import type { ValidationIssue } from '../spine/validation/issues';
import { checkStrictR4 } from '../spine/validation/strictR4';

export type { ValidationIssue, ValidationLevel } from '../spine/validation/issues';

export function validateContract(bundle: unknown): ValidationIssue[] {
  return checkContract(bundle).map(({ level, path, message }) => ({ level, path, message }));
}

export function validateStrictR4(bundle: unknown): ValidationIssue[] {
  return checkStrictR4(bundle).map(({ level, path, message }) => ({ level, path, message }));
}
