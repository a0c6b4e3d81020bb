// The Summary Care Records the loopback Spine has accepted, with the duplicate-event check Spine
// applies (PSIS-30134: the same event id for the same patient again, whatever the request id)
// and per-patient counts for "every patient received exactly once" tests.

export interface StoredUpload {
  /** 1, 2, ... in order of acceptance. */
  sequence: number;
  receivedAt: string;
  requestId: string | null;
  correlationId: string | null;
  nhsNumber: string;
  /** Bundle.identifier.value as sent. */
  bundleIdentifier: string | null;
  /** Composition.identifier.value as sent. */
  compositionIdentifier: string | null;
  /** The event id Spine files the summary under: Composition.identifier.value in upper case. */
  eventId: string;
  bundle: unknown;
}

export class UploadStore {
  private uploads: StoredUpload[] = [];
  private readonly byNhsNumber = new Map<string, StoredUpload[]>();

  /** A stored upload of the same patient with the same event id. */
  findDuplicate(nhsNumber: string, eventId: string): StoredUpload | null {
    return (this.byNhsNumber.get(nhsNumber) ?? []).find((upload) => upload.eventId === eventId) ?? null;
  }

  add(upload: Omit<StoredUpload, 'sequence'>): StoredUpload {
    const stored = { ...upload, sequence: this.uploads.length + 1 };
    this.uploads.push(stored);
    const list = this.byNhsNumber.get(stored.nhsNumber) ?? [];
    list.push(stored);
    this.byNhsNumber.set(stored.nhsNumber, list);
    return stored;
  }

  list(nhsNumber?: string): StoredUpload[] {
    return nhsNumber === undefined ? [...this.uploads] : [...(this.byNhsNumber.get(nhsNumber) ?? [])];
  }

  get size(): number {
    return this.uploads.length;
  }

  /** Uploads stored per NHS number. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [nhsNumber, list] of this.byNhsNumber) counts[nhsNumber] = list.length;
    return counts;
  }

  clear(): void {
    this.uploads = [];
    this.byNhsNumber.clear();
  }
}
