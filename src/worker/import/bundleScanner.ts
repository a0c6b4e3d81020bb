// Finds the entries of one FHIR Bundle in a JSON text fed chunk by chunk, without parsing (or
// holding) the whole Bundle: a character scanner tracks strings and nesting, and hands over the
// text of each element of the top-level "entry" array, which the caller parses on its own.
// Memory: one entry of up to `maxEntryChars` at a time.
//
// Limits (docs/practice-extract.md): the Bundle's "resourceType" must come before "entry" (as
// every FHIR serialiser writes it); an entry longer than the limit is skipped and reported.

import { mebibytes, type SourceRecord } from './sourceRecord';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
/** Root-level keys and values longer than this are not ones we look for. */
const MAX_CAPTURE = 64;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class BundleScanner {
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private rootDone = false;
  private dead = false;
  private started = false;
  /** Root level: whether the next string is a key; the last key; a string being captured. */
  private expectKey = false;
  private lastKey = '';
  private capture: string | null = null;
  private captureIsKey = false;
  private resourceType: string | null = null;
  private inEntries = false;
  private sawEntries = false;
  private entries = 0;
  /** The entry being collected: its start line, text so far, and whether it is over the limit. */
  private entryLine = 0;
  private entryParts: string[] | null = null;
  private entryChars = 0;
  private entryOversized = false;
  /** A non-object element of the entry array was reported (once per element). */
  private badElement = false;

  constructor(private readonly maxEntryChars: number) {}

  private fail(out: SourceRecord[], reason: string, line: number | null = this.line): void {
    out.push({ kind: 'problem', line, code: 'bundle-structure', reason });
    this.dead = true;
  }

  push(text: string, out: SourceRecord[]): void {
    if (this.dead || this.rootDone) return;
    let entryFrom = this.entryParts !== null ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.capture !== null) this.endCapture();
        } else if (this.capture !== null && this.capture.length < MAX_CAPTURE) this.capture += text[i];
        continue;
      }
      if (isSpace(c)) continue;
      if (!this.started) {
        this.started = true;
        if (c !== BRACE_OPEN) return this.fail(out, 'the file does not start with a JSON object: it is neither NDJSON nor a FHIR Bundle');
      }
      if (this.inEntries && this.depth === 2 && c !== BRACE_OPEN && c !== COMMA && c !== BRACKET_CLOSE && !this.badElement) {
        out.push({ kind: 'problem', line: this.line, code: 'not-a-resource', reason: 'a Bundle.entry element is not a JSON object' });
        this.badElement = true;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && (this.expectKey || this.lastKey === 'resourceType')) {
            this.capture = '';
            this.captureIsKey = this.expectKey;
          }
          break;
        case BRACE_OPEN:
        case BRACKET_OPEN:
          if (this.inEntries && this.depth === 2 && c === BRACE_OPEN) {
            this.entryLine = this.line;
            this.entryParts = [];
            this.entryChars = 0;
            this.entryOversized = false;
            entryFrom = i;
          }
          this.depth++;
          if (this.depth === 1) this.expectKey = true;
          if (this.depth === 2 && c === BRACKET_OPEN && this.lastKey === 'entry') {
            if (this.resourceType !== 'Bundle') {
              return this.fail(out, this.resourceType === null ? '"resourceType": "Bundle" must come before "entry"' : `resourceType ${JSON.stringify(this.resourceType)} is not Bundle: a .json file must hold one FHIR Bundle`);
            }
            this.inEntries = true;
            this.sawEntries = true;
          }
          break;
        case BRACE_CLOSE:
        case BRACKET_CLOSE:
          this.depth--;
          if (this.inEntries && this.depth === 2 && c === BRACE_CLOSE && this.entryParts !== null) {
            this.collect(text, entryFrom, i + 1);
            this.finishEntry(out);
            entryFrom = -1;
          } else if (this.inEntries && this.depth === 1) {
            this.inEntries = false;
          } else if (this.depth === 0) {
            this.rootDone = true;
            return;
          }
          break;
        case COLON:
          if (this.depth === 1) this.expectKey = false;
          break;
        case COMMA:
          if (this.depth === 1) this.expectKey = true;
          if (this.inEntries && this.depth === 2) this.badElement = false;
          break;
        default:
          break;
      }
    }
    if (this.entryParts !== null && entryFrom >= 0) this.collect(text, entryFrom, text.length);
  }

  end(out: SourceRecord[]): void {
    if (this.dead) return;
    if (!this.started) {
      out.push({ kind: 'problem', line: null, code: 'empty-file', reason: 'the file is empty' });
      return;
    }
    if (this.entryParts !== null) {
      out.push({ kind: 'problem', line: this.entryLine, code: 'truncated-line', reason: 'the file ends inside this Bundle entry: it was cut short' });
    } else if (!this.rootDone) {
      out.push({ kind: 'problem', line: this.line, code: 'bundle-structure', reason: 'the file ends before the Bundle does: it was cut short (the entries before this point were read)' });
    } else if (!this.sawEntries || this.entries === 0) {
      out.push({ kind: 'problem', line: null, code: this.resourceType === 'Bundle' ? 'empty-file' : 'bundle-structure', reason: this.resourceType === 'Bundle' ? 'the Bundle has no entries' : 'the file is one JSON object but not a FHIR Bundle' });
    }
  }

  private endCapture(): void {
    const value = this.capture ?? '';
    this.capture = null;
    if (this.captureIsKey) this.lastKey = value;
    else if (this.lastKey === 'resourceType') this.resourceType = value;
  }

  private collect(text: string, from: number, to: number): void {
    if (this.entryParts === null || this.entryOversized) return;
    this.entryChars += to - from;
    if (this.entryChars > this.maxEntryChars) {
      this.entryOversized = true;
      this.entryParts = [];
      return;
    }
    this.entryParts.push(text.slice(from, to));
  }

  private finishEntry(out: SourceRecord[]): void {
    this.entries++;
    if (this.entryOversized) {
      out.push({ kind: 'problem', line: this.entryLine, code: 'line-too-long', reason: `the Bundle entry is over the ${mebibytes(this.maxEntryChars)} limit: skipped` });
    } else {
      out.push({ kind: 'text', line: this.entryLine, text: (this.entryParts ?? []).join(''), lastWithoutNewline: false, entry: true });
    }
    this.entryParts = null;
  }
}
