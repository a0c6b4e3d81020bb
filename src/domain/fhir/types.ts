// Minimal FHIR R4 types for exactly what the summary builder emits: a `document` Bundle holding
// one Composition, one Patient and one Organization. Narrower than the R4 base types on purpose
// (fixed literals where the national contract fixes a value), so the compiler catches a
// message that the Spine or a strict R4 validator would reject.

export interface Coding {
  /** Absent only for the national service's section codes (`AllergiesHeader`, ...). */
  readonly system?: string;
  readonly code: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding: readonly Coding[];
}

export interface Extension {
  readonly url: string;
  readonly valueCodeableConcept: CodeableConcept;
}

export interface Identifier {
  readonly extension?: readonly Extension[];
  readonly system: string;
  readonly value: string;
}

/** A literal reference; within the bundle always the target entry's `urn:uuid:` fullUrl. */
export interface Reference {
  readonly reference: string;
  readonly display?: string;
}

export interface Narrative {
  readonly status: 'generated';
  /** One XHTML `div` in the XHTML namespace, well-formed, all text escaped. */
  readonly div: string;
}

export interface CompositionSection {
  readonly title: string;
  readonly code: CodeableConcept;
  readonly text: Narrative;
}

export interface Composition {
  readonly resourceType: 'Composition';
  readonly id: string;
  /** The contract requires `meta.lastUpdated` (an R4 instant). */
  readonly meta: { readonly lastUpdated: string };
  readonly identifier: Identifier;
  readonly status: 'final';
  readonly type: CodeableConcept;
  readonly category: readonly CodeableConcept[];
  readonly subject: Reference;
  /** R4 dateTime: when the summary was built. */
  readonly date: string;
  readonly author: readonly [Reference];
  readonly title: string;
  readonly section: readonly CompositionSection[];
}

export interface Patient {
  readonly resourceType: 'Patient';
  readonly id: string;
  readonly identifier: readonly [Identifier];
}

export interface Organization {
  readonly resourceType: 'Organization';
  readonly id: string;
  readonly identifier: readonly [Identifier];
  readonly name?: string;
}

export interface BundleEntry<R> {
  /** `urn:uuid:<id>` with the resource's own id. */
  readonly fullUrl: string;
  readonly resource: R;
}

/** The upload message: Composition first (R4 bdl-11), then its subject and author. */
export interface SummaryBundle {
  readonly resourceType: 'Bundle';
  readonly identifier: Identifier;
  readonly type: 'document';
  /** R4 instant. */
  readonly timestamp: string;
  readonly entry: readonly [BundleEntry<Composition>, BundleEntry<Patient>, BundleEntry<Organization>];
}
