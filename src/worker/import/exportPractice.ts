// Exports the current practice data as a practice extract (docs/practice-extract.md): one NDJSON
// file per resource type, as a FHIR bulk-data export writes them, so the demo practice can be
// imported at once. Patients are read in pages; each file is built from Blob pieces of about
// PIECE_CHARS, so 100,000 patients never make one giant string in the worker.

import type { ScrDatabase } from '../../db/database';
import { EXTRACT_RESOURCE_TYPES, type ExtractResourceType } from '../../domain/extract/conventions';
import { organizationResource, patientResources } from '../../domain/extract/toFhir';
import { currentRange } from './practiceData';
import { readPatientsAfter } from '../../db/patientStore';

const READ_PAGE = 2_000;
/** Characters of NDJSON collected before they become one Blob piece. */
const PIECE_CHARS = 4 * 1_048_576;

export const NDJSON_TYPE = 'application/fhir+ndjson';

class NdjsonFile {
  private lines: string[] = [];
  private chars = 0;
  private readonly pieces: Blob[] = [];
  count = 0;

  add(resource: object): void {
    const line = JSON.stringify(resource);
    this.lines.push(line);
    this.chars += line.length + 1;
    this.count++;
    if (this.chars >= PIECE_CHARS) this.cut();
  }

  private cut(): void {
    if (this.lines.length === 0) return;
    this.pieces.push(new Blob([this.lines.join('\n') + '\n']));
    this.lines = [];
    this.chars = 0;
  }

  blob(): Blob {
    this.cut();
    return new Blob(this.pieces, { type: NDJSON_TYPE });
  }
}

export interface ExportedFile {
  readonly name: string;
  readonly blob: Blob;
}

/** The practice as `<ResourceType>.ndjson` files (types with no resources are left out). */
export async function exportPractice(db: ScrDatabase): Promise<ExportedFile[]> {
  const [practice, range] = await Promise.all([db.practice.get('practice'), currentRange(db)]);
  if (!practice || !range) return [];
  const files = new Map<ExtractResourceType, NdjsonFile>(EXTRACT_RESOURCE_TYPES.map((t) => [t, new NdjsonFile()]));
  files.get('Organization')?.add(organizationResource(practice));
  for (let after = range.firstSeq - 1; after < range.lastSeq; ) {
    const page = await readPatientsAfter(db, after, range.lastSeq, READ_PAGE);
    const last = page[page.length - 1];
    if (!last) break;
    for (const patient of page) for (const resource of patientResources(patient)) files.get(resource.resourceType)?.add(resource);
    after = last.seq;
  }
  const out: ExportedFile[] = [];
  for (const [type, file] of files) if (file.count > 0) out.push({ name: `${type}.ndjson`, blob: file.blob() });
  return out;
}
