// The ids inside one summary message. The caller fixes two UUIDs when the patient is queued
// (crypto.randomUUID): `bundleId` (the Bundle identifier) and `compositionId`. The Patient and
// Organization entry ids are derived from compositionId, so a message rebuilt from the stored
// pair is identical, and nothing else has to be stored.
//
// Derivation: XOR the last 32 bits of compositionId's node field with 1 (Patient) or 2
// (Organization). Version and variant bits are untouched, so the results are still RFC 4122
// v4-shaped; the three entry ids always differ from one another, and are as unique across
// messages as compositionId itself.

export interface SummaryIds {
  readonly bundleId: string;
  readonly compositionId: string;
  readonly patientId: string;
  readonly organizationId: string;
}

/** Lower case only: R4's `uuid` type (`urn:uuid:` fullUrls) does not allow upper-case hex. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID in lower case; throws on anything else (a caller's programming error). */
export function normaliseUuid(value: string, name: string): string {
  const lower = value.toLowerCase();
  if (!UUID_PATTERN.test(lower)) throw new RangeError(`${name} is not a UUID: ${value}`);
  return lower;
}

function deriveId(uuid: string, salt: number): string {
  const low = (Number.parseInt(uuid.slice(28), 16) ^ salt) >>> 0;
  return uuid.slice(0, 28) + low.toString(16).padStart(8, '0');
}

export function summaryIds(bundleId: string, compositionId: string): SummaryIds {
  const bundle = normaliseUuid(bundleId, 'bundleId');
  const composition = normaliseUuid(compositionId, 'compositionId');
  if (bundle === composition) throw new RangeError('bundleId and compositionId must differ');
  return {
    bundleId: bundle,
    compositionId: composition,
    patientId: deriveId(composition, 1),
    organizationId: deriveId(composition, 2),
  };
}
