// A refusal of the national service: the HTTP status, the OperationOutcome issue code and the
// text, as its exception handler answers. The rules throw it (as the service's mappers throw)
// so that the first failing rule, in the service's order, is the answer.

export interface Refusal {
  readonly status: 400 | 415;
  /** OperationOutcome issue code: `value` for every mapping and header refusal, `not-supported` for 415. */
  readonly code: 'value' | 'not-supported';
  readonly text: string;
}

export class RefusedUpload extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.text);
    this.name = 'RefusedUpload';
  }
}

/** A 400 with issue code `value`: what BadRequestException (FhirValidationException, FhirMappingException) gives. */
export function refuse(text: string): never {
  throw new RefusedUpload({ status: 400, code: 'value', text });
}
