// Turns the records read from the files into staged entries and report rows: parses each
// line's JSON, maps the resource (src/domain/extract/), checks that ids are unique, and keeps
// the practice Organization. Synchronous; the staging writes happen between chunks.

import { EXTRACT_RESOURCE_TYPES, type ExtractResourceType } from '../../domain/extract/conventions';
import { isObject, objectsAt, type JsonObject } from '../../domain/extract/json';
import { mapResource } from '../../domain/extract/mapResource';
import type { MappedOrganization } from '../../domain/extract/mapOrganization';
import { FingerprintSet } from './fingerprints';
import type { ReportWriter } from './reportWriter';
import type { SourceRecord } from './sourceRecord';
import type { Stager } from './staging';

export interface FileCounts {
  records: number;
  accepted: number;
  problems: number;
}

export class ExtractCollector {
  /** Patient id → position among accepted patients (0-based): the order of the new seqs. */
  readonly patientOrdinals = new Map<string, number>();
  private readonly itemIds = new FingerprintSet();
  practice: ({ readonly id: string } & MappedOrganization) | null = null;
  accepted = 0;

  constructor(
    private readonly stager: Stager,
    private readonly report: ReportWriter,
    private readonly fileNames: readonly string[],
  ) {}

  take(fileIndex: number, records: readonly SourceRecord[], counts: FileCounts): void {
    const file = this.fileNames[fileIndex] ?? '';
    for (const record of records) {
      const problemsBefore = this.report.total;
      if (record.kind === 'problem') {
        this.report.add(file, record.line, record.code, record.reason);
      } else {
        counts.records++;
        this.takeText(fileIndex, file, record, counts);
      }
      counts.problems += this.report.total - problemsBefore;
    }
  }

  private takeText(fileIndex: number, file: string, record: Extract<SourceRecord, { kind: 'text' }>, counts: FileCounts): void {
    let json: unknown;
    try {
      json = JSON.parse(record.text);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      if (record.lastWithoutNewline) this.report.add(file, record.line, 'truncated-line', `the last line has no newline and its JSON is incomplete (${detail}): the file was probably cut short`);
      else this.report.add(file, record.line, 'invalid-json', `not valid JSON: ${detail}`);
      return;
    }
    if (record.entry) {
      const resource = isObject(json) ? json['resource'] : undefined;
      if (!isObject(resource)) {
        this.report.add(file, record.line, 'not-a-resource', 'the Bundle entry has no resource object');
        return;
      }
      json = resource;
    }
    if (isObject(json) && json['resourceType'] === 'Bundle') {
      this.takeBundleLine(fileIndex, file, record.line, json, record.text.length, counts);
      return;
    }
    this.takeResource(fileIndex, file, record.line, json, record.text.length, counts);
  }

  /** A whole Bundle on one NDJSON line: its entries, all reported at that line. */
  private takeBundleLine(fileIndex: number, file: string, line: number, bundle: JsonObject, bytes: number, counts: FileCounts): void {
    const entries = objectsAt(bundle, 'entry');
    for (const entry of entries) {
      const resource = entry['resource'];
      if (isObject(resource)) this.takeResource(fileIndex, file, line, resource, bytes / entries.length, counts);
      else this.report.add(file, line, 'not-a-resource', 'a Bundle entry has no resource object');
    }
  }

  private takeResource(fileIndex: number, file: string, line: number, json: unknown, bytes: number, counts: FileCounts): void {
    const { resourceType, mapped, problems } = mapResource(json);
    for (const p of problems) this.report.add(file, line, p.code, p.reason);
    if (mapped === null || resourceType === null) return;
    const rt = EXTRACT_RESOURCE_TYPES.find((t): t is ExtractResourceType => t === resourceType);
    if (rt === undefined) return;
    switch (mapped.kind) {
      case 'organization':
        if (this.practice !== null) {
          this.report.add(file, line, 'second-practice', `Organization ${mapped.odsCode} is ignored: the extract's first Organization (${this.practice.odsCode}) is the practice`);
          return;
        }
        this.practice = { id: mapped.id, name: mapped.name, odsCode: mapped.odsCode, ...(mapped.address === undefined ? {} : { address: mapped.address }), ...(mapped.telephone === undefined ? {} : { telephone: mapped.telephone }) };
        break;
      case 'patient': {
        if (this.patientOrdinals.has(mapped.id)) {
          this.report.add(file, line, 'duplicate-id', `Patient ${mapped.id} appeared earlier in the extract: this one is ignored`);
          return;
        }
        const ord = this.patientOrdinals.size;
        this.patientOrdinals.set(mapped.id, ord);
        this.stager.add(mapped.id, { t: 'patient', ord, core: mapped.patient }, bytes);
        break;
      }
      default:
        if (!this.itemIds.add(`${rt}/${mapped.id}`)) {
          this.report.add(file, line, 'duplicate-id', `${rt} ${mapped.id} appeared earlier in the extract: this one is ignored`);
          return;
        }
        this.stager.add(mapped.patientId, { t: 'part', file: fileIndex, line, rt, part: mapped }, bytes);
    }
    this.accepted++;
    counts.accepted++;
  }
}
