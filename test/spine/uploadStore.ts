// The Summary Care Records the loopback Spine has accepted, with the duplicate-event check
// the real Spine applies (PSIS-30134: the same document for the same patient again, under a
// new request id) and per-patient counts for "every patient received exactly once" tests.

export interface StoredUpload {
  /** 1, 2, ... in order of acceptance. */
  sequence: number;
  receivedAt: string;
  requestId: string | null;
  correlationId: string | null;
  nhsNumber: string;
  bundleIdentifier: string | null;
  compositionIdentifier: string | null;
  bundle: unknown;
}

export class UploadStore {
  private uploads: StoredUpload[] = [];
  private readonly byNhsNumber = new Map<string, StoredUpload[]>();

  /** A stored upload of the same patient with the same Bundle or Composition identifier. */
  findDuplicate(nhsNumber: string, bundleIdentifier: string | null, compositionIdentifier: string | null): StoredUpload | null {
    const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
    for (const upload of this.byNhsNumber.get(nhsNumber) ?? []) {
      if (same(upload.bundleIdentifier, bundleIdentifier) || same(upload.compositionIdentifier, compositionIdentifier)) return upload;
    }
    return null;
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
