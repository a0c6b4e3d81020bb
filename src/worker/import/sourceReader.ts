// Reads one extract file as a stream (never whole): recognises what it is from its first chunk,
// then hands every record (NDJSON line or Bundle entry) or problem to `onRecords`, a chunk at a
// time, awaiting it so that staging writes hold the reading back (bounded memory).
//
// Recognising the file (docs/practice-extract.md):
//   - a UTF-16 byte order mark, or a NUL byte in the first 8 KiB: reported once, file skipped;
//   - a UTF-8 byte order mark is dropped;
//   - NDJSON when the first line is a complete JSON value, or the name ends .ndjson or .jsonl;
//   - otherwise one FHIR Bundle when the name ends .json or the start names resourceType Bundle;
//   - otherwise NDJSON (so every line that is not a resource is reported).

import type { ImportFileFormat } from '../../shared/importTypes';
import { BundleScanner } from './bundleScanner';
import { LineSplitter } from './lineSplitter';
import type { SourceRecord } from './sourceRecord';

/** Bytes examined for NUL bytes when deciding whether a file is binary. */
const SNIFF_BYTES = 8_192;

export interface ReadLimits {
  /** Longest NDJSON line read, in bytes; and longest Bundle entry, in characters. */
  readonly maxLineBytes: number;
}

export interface ReadControl {
  /** Records of one chunk, and the bytes of this file read so far. */
  onRecords(records: readonly SourceRecord[], bytesRead: number): Promise<void>;
  isCancelled(): boolean;
}

/** What the first bytes say: skip the file (with a problem), or read it in a format. */
export function recognise(name: string, head: Uint8Array): { readonly format: Exclude<ImportFileFormat, 'unreadable'>; readonly bomBytes: number } | { readonly format: 'unreadable'; readonly problem: SourceRecord } {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { format: 'unreadable', problem: { kind: 'problem', line: null, code: 'utf16-file', reason: 'the file starts with a UTF-16 byte order mark: save it as UTF-8 and import it again' } };
  }
  const bomBytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const sniff = head.subarray(bomBytes, bomBytes + SNIFF_BYTES);
  const nul = sniff.indexOf(0);
  if (nul !== -1) {
    return { format: 'unreadable', problem: { kind: 'problem', line: null, code: 'binary-file', reason: `byte ${nul + bomBytes + 1} is a NUL byte: this is a binary file, not FHIR JSON text` } };
  }
  const lower = name.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return { format: 'ndjson', bomBytes };
  const text = new TextDecoder('utf-8').decode(head.subarray(bomBytes));
  const newline = text.indexOf('\n');
  if (newline !== -1) {
    try {
      JSON.parse(text.slice(0, newline));
      return { format: 'ndjson', bomBytes };
    } catch {
      // Not one JSON value per line: possibly a pretty-printed Bundle.
    }
  }
  const startsObject = text.trimStart().startsWith('{');
  if (startsObject && (lower.endsWith('.json') || /"resourceType"\s*:\s*"Bundle"/.test(text))) return { format: 'bundle', bomBytes };
  return { format: 'ndjson', bomBytes };
}

export type ReadEnd = { readonly format: ImportFileFormat; readonly cancelled: boolean };

/** Reads `blob` to the end (or until cancelled), reporting records through `control`. */
export async function readSource(name: string, blob: Blob, limits: ReadLimits, control: ReadControl): Promise<ReadEnd> {
  const reader = blob.stream().getReader();
  let bytesRead = 0;
  let format: ImportFileFormat | null = null;
  let lines: LineSplitter | null = null;
  let bundle: BundleScanner | null = null;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for (;;) {
      if (control.isCancelled()) return { format: format ?? 'ndjson', cancelled: true };
      const { done, value } = await reader.read();
      const out: SourceRecord[] = [];
      if (done) {
        if (format === null) {
          lines = new LineSplitter(limits.maxLineBytes);
          format = 'ndjson';
        }
        if (bundle) {
          try {
            const rest = decoder.decode();
            if (rest) bundle.push(rest, out);
            bundle.end(out);
          } catch {
            out.push({ kind: 'problem', line: null, code: 'not-utf8', reason: 'the file ends inside a UTF-8 character: it was cut short or is not UTF-8' });
          }
        }
        lines?.end(out);
        await control.onRecords(out, bytesRead);
        return { format, cancelled: false };
      }
      bytesRead += value.length;
      let chunk: Uint8Array = value;
      if (format === null) {
        const seen = recognise(name, chunk);
        if (seen.format === 'unreadable') {
          await control.onRecords([seen.problem], blob.size);
          return { format: 'unreadable', cancelled: false };
        }
        format = seen.format;
        chunk = chunk.subarray(seen.bomBytes);
        if (format === 'ndjson') lines = new LineSplitter(limits.maxLineBytes);
        else bundle = new BundleScanner(limits.maxLineBytes);
      }
      if (lines) lines.push(chunk, out);
      else if (bundle) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          // A Bundle cannot be resynchronised after bad bytes: what was read before stands.
          out.push({ kind: 'problem', line: null, code: 'not-utf8', reason: `bytes after ${bytesRead - value.length} of the file are not valid UTF-8: the rest of the Bundle is skipped (was it saved in another encoding?)` });
          await control.onRecords(out, blob.size);
          return { format, cancelled: false };
        }
        bundle.push(text, out);
      }
      await control.onRecords(out, bytesRead);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
