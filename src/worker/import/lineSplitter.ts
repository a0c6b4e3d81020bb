// Splits an NDJSON byte stream into lines, fed chunk by chunk. Works on bytes, so that a line
// longer than the limit is skipped (and reported) without ever being buffered whole, and a line
// that is not valid UTF-8 is reported on its own while the lines around it are still read.
// Memory: at most one partial line of up to `maxLineBytes`, plus the chunk being split.
//
// The caller strips a UTF-8 byte order mark and rejects binary or UTF-16 files first
// (sourceReader.ts). Blank lines are skipped silently. CRLF line ends are accepted.

import { mebibytes, type SourceRecord } from './sourceRecord';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The offset of the first byte that makes `bytes` invalid UTF-8 (for the report). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection (a prefix cut inside a character also fails, so the
  // answer can be up to 3 bytes early; good enough to point at the spot).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** The line being assembled is over the limit: its bytes are dropped until its newline. */
  private skipping = false;
  private skippedBytes = 0;
  /** Number of the line being assembled (1-based). */
  private line = 1;
  private emitted = 0;
  private sawBytes = false;

  constructor(private readonly maxLineBytes: number) {}

  /** Lines completed by `chunk`, appended to `out`. */
  push(chunk: Uint8Array, out: SourceRecord[]): void {
    if (chunk.length > 0) this.sawBytes = true;
    let start = 0;
    // Lines wholly inside this chunk with no carry are decoded in one call per run of lines.
    let runStart = -1;
    const runEnds: number[] = [];
    const flushRun = () => {
      if (runStart >= 0) this.decodeRun(chunk, runStart, runEnds, out);
      runStart = -1;
      runEnds.length = 0;
    };
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      if (this.carryBytes > 0 || this.skipping) {
        flushRun();
        this.finishCarried(chunk.subarray(start, nl), out, false);
      } else if (nl - start > this.maxLineBytes) {
        flushRun();
        this.tooLong(nl - start, out);
      } else {
        if (runStart < 0) runStart = start;
        runEnds.push(nl);
      }
      start = nl + 1;
    }
    flushRun();
    this.keep(chunk.subarray(start));
  }

  /** The end of the file: the last line if it had no newline, or an empty-file problem. */
  end(out: SourceRecord[]): void {
    if (this.skipping) this.tooLong(this.skippedBytes, out);
    else if (this.carryBytes > 0) this.finishCarried(new Uint8Array(0), out, true);
    if (this.emitted === 0) {
      out.push({ kind: 'problem', line: null, code: 'empty-file', reason: this.sawBytes ? 'the file holds only blank lines: no resources' : 'the file is empty (0 bytes)' });
    }
  }

  private keep(tail: Uint8Array): void {
    if (tail.length === 0) return;
    if (this.skipping) {
      this.skippedBytes += tail.length;
      return;
    }
    if (this.carryBytes + tail.length > this.maxLineBytes) {
      this.skipping = true;
      this.skippedBytes = this.carryBytes + tail.length;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the chunk's buffer may be reused by the stream.
    this.carry.push(tail.slice());
    this.carryBytes += tail.length;
  }

  private tooLong(bytes: number, out: SourceRecord[]): void {
    out.push({ kind: 'problem', line: this.line, code: 'line-too-long', reason: `the line is ${mebibytes(bytes)} long, over the ${mebibytes(this.maxLineBytes)} limit: skipped without reading it` });
    this.emitted++;
    this.skipping = false;
    this.skippedBytes = 0;
    this.line++;
  }

  private finishCarried(head: Uint8Array, out: SourceRecord[], last: boolean): void {
    if (this.skipping) {
      this.skippedBytes += head.length;
      this.tooLong(this.skippedBytes, out);
      return;
    }
    const total = this.carryBytes + head.length;
    const parts = head.length > 0 ? [...this.carry, head] : this.carry;
    this.carry = [];
    this.carryBytes = 0;
    if (total > this.maxLineBytes) {
      this.tooLong(total, out);
      return;
    }
    this.emitLine(concat(parts, total), out, last);
  }

  /** Lines chunk[runStart..runEnds[0]), (runEnds[0]..runEnds[1]), ... decoded together. */
  private decodeRun(chunk: Uint8Array, runStart: number, runEnds: readonly number[], out: SourceRecord[]): void {
    const end = runEnds[runEnds.length - 1] ?? runStart;
    let text: string;
    try {
      text = this.decoder.decode(chunk.subarray(runStart, end));
    } catch {
      // Some line in the run is not UTF-8: decode them one by one to report exactly that one.
      let s = runStart;
      for (const e of runEnds) {
        this.emitLine(chunk.subarray(s, e), out, false);
        s = e + 1;
      }
      return;
    }
    let from = 0;
    for (let i = 0; i < runEnds.length; i++) {
      const to = i === runEnds.length - 1 ? text.length : text.indexOf('\n', from);
      this.emitText(text.slice(from, to), out, false);
      from = to + 1;
    }
  }

  private emitLine(bytes: Uint8Array, out: SourceRecord[], last: boolean): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      out.push({ kind: 'problem', line: this.line, code: 'not-utf8', reason: `byte ${firstInvalidUtf8(bytes) + 1} of the line is not valid UTF-8 (was the file saved in another encoding?)` });
      this.emitted++;
      this.line++;
      return;
    }
    this.emitText(text, out, last);
  }

  private emitText(raw: string, out: SourceRecord[], last: boolean): void {
    const text = raw.charCodeAt(raw.length - 1) === CARRIAGE_RETURN ? raw.slice(0, -1) : raw;
    if (text.trim() !== '') {
      out.push({ kind: 'text', line: this.line, text, lastWithoutNewline: last, entry: false });
      this.emitted++;
    }
    this.line++;
  }
}
