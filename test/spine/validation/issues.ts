// The one shape every validation level reports problems in. The summary builder's unit tests
// (through test/support/fhirValidation.ts) and the loopback Spine's 400 answers both use it.

export type ValidationLevel = 'contract' | 'r4' | 'binding' | 'xhtml';

export interface ValidationIssue {
  /** Which check found it: the national contract, FHIR R4 structure, a required code binding, or narrative XHTML. */
  level: ValidationLevel;
  /** FHIRPath-like location, e.g. `Bundle.entry[0].resource.type.coding[0].display`. */
  path: string;
  message: string;
}

/**
 * An issue as the loopback Spine reports it. Contract issues carry the OperationOutcome issue
 * code the national service uses: `value` for a refusal by its own rules (as its exception
 * handler answers), `invalid` for the schemas (the spec's 400 row).
 */
export interface ServiceIssue extends ValidationIssue {
  outcomeCode?: 'invalid' | 'value';
}
