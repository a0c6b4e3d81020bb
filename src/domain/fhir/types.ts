// Minimal FHIR R4 types for exactly what the summary builder emits: a `document` Bundle holding
// one Composition, its subject Patient and its author: a PractitionerRole with its Practitioner
// and the practice Organization. Narrower than the R4 base types on purpose
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

/**
 * A literal reference `Type/id`: the national service resolves it against each entry's id as its
 * FHIR library reads it from the entry's absolute fullUrl `{base}/{Type}/{id}`.
 */
export interface Reference {
  readonly reference: string;
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
  /** The PractitionerRole: the service refuses any other author. */
  readonly author: readonly [Reference];
  readonly title: string;
  /** A later summary for a patient whose earlier one the Spine acknowledged: it replaces that event. */
  readonly relatesTo?: readonly [{ readonly code: 'replaces'; readonly targetIdentifier: { readonly value: string } }];
  readonly section: readonly CompositionSection[];
}

export interface Patient {
  readonly resourceType: 'Patient';
  readonly id: string;
  readonly identifier: readonly [Identifier];
}

/** The practice. No `type`: with one the service would file it as a non-SDS organisation. */
export interface Organization {
  readonly resourceType: 'Organization';
  readonly id: string;
  readonly identifier: readonly [Identifier];
  readonly name: string;
  readonly telecom: readonly [{ readonly system: 'phone'; readonly value: string; readonly use: 'work' }];
  readonly address: readonly [{ readonly text: string }];
}

export interface Practitioner {
  readonly resourceType: 'Practitioner';
  readonly id: string;
  /** SDS-user shape only: the clinician's SDS user id. */
  readonly identifier?: readonly [Identifier];
  readonly name: readonly [{ readonly text: string }];
}

export interface PractitionerRole {
  readonly resourceType: 'PractitionerRole';
  readonly id: string;
  /** SDS-user shape only: the role profile id (system http://fhir.nhs.net/Id/sds-role-profile-id). */
  readonly identifier?: readonly [Identifier];
  readonly practitioner: Reference;
  readonly organization: Reference;
  /** The SDS Job Role Name, with code and display. */
  readonly code: readonly [CodeableConcept];
}

export interface BundleEntry<R> {
  /** `{base}/{resourceType}/{id}`, absolute, with the resource's own id. */
  readonly fullUrl: string;
  readonly resource: R;
}

/** The upload message: Composition first (R4 bdl-11), then its subject and its author's chain. */
export interface SummaryBundle {
  readonly resourceType: 'Bundle';
  readonly identifier: Identifier;
  readonly type: 'document';
  /** R4 instant. */
  readonly timestamp: string;
  readonly entry: readonly [
    BundleEntry<Composition>,
    BundleEntry<Patient>,
    BundleEntry<PractitionerRole>,
    BundleEntry<Practitioner>,
    BundleEntry<Organization>,
  ];
}
