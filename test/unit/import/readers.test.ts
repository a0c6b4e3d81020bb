// The stream readers split the same way however the bytes arrive: NDJSON lines and Bundle
// entries fed in chunks of every size from one byte up give exactly the records of reading the
// whole text at once, including multi-byte characters and CRLF cut across chunks.

import { describe, expect, it } from 'vitest';
import { BundleScanner } from '../../../src/worker/import/bundleScanner';
import { LineSplitter } from '../../../src/worker/import/lineSplitter';
import { recognise } from '../../../src/worker/import/sourceReader';
import type { SourceRecord } from '../../../src/worker/import/sourceRecord';

const bytes = (s: string) => new TextEncoder().encode(s);

function splitLines(input: Uint8Array, chunk: number, max = 1_000): SourceRecord[] {
  const splitter = new LineSplitter(max);
  const out: SourceRecord[] = [];
  for (let i = 0; i < input.length; i += chunk) splitter.push(input.subarray(i, i + chunk), out);
  splitter.end(out);
  return out;
}

function scanBundle(text: string, chunk: number, max = 10_000): SourceRecord[] {
  const scanner = new BundleScanner(max);
  const out: SourceRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) scanner.push(text.slice(i, i + chunk), out);
  scanner.end(out);
  return out;
}

const CHUNKS = [1, 2, 3, 5, 7, 16, 64, 100_000];

describe('NDJSON lines', () => {
  const text = '{"a":"Zoë"}\r\n\n{"b":"Łukasz ✓"}\n' + `{"long":"${'x'.repeat(1_200)}"}\n` + '{"c":3}';
  const latin1 = new Uint8Array([...bytes('{"d":"ok"}\n{"e":"Cr'), 0xe8, ...bytes('me"}\n{"f":1}\n')]);

  it.each(CHUNKS)('in chunks of %i bytes', (chunk) => {
    expect(splitLines(bytes(text), chunk)).toEqual([
      { kind: 'text', line: 1, text: '{"a":"Zoë"}', lastWithoutNewline: false, entry: false },
      { kind: 'text', line: 3, text: '{"b":"Łukasz ✓"}', lastWithoutNewline: false, entry: false },
      { kind: 'problem', line: 4, code: 'line-too-long', reason: expect.stringMatching(/over the 0\.0 MiB limit/) },
      { kind: 'text', line: 5, text: '{"c":3}', lastWithoutNewline: true, entry: false },
    ]);
    expect(splitLines(latin1, chunk).map((r) => (r.kind === 'text' ? [r.line, r.text] : [r.line, r.code]))).toEqual([
      [1, '{"d":"ok"}'],
      [2, 'not-utf8'],
      [3, '{"f":1}'],
    ]);
  });
});

describe('Bundle entries', () => {
  const bundle = JSON.stringify(
    { resourceType: 'Bundle', type: 'collection', meta: { tag: [{ code: '}]"' }] }, entry: [{ resource: { resourceType: 'Patient', id: 'a', name: [{ family: 'Brace } [ "quote"' }] } }, 7, { resource: { resourceType: 'Flag', id: 'b' } }] },
    null,
    2,
  );

  it.each(CHUNKS)('in chunks of %i characters', (chunk) => {
    const records = scanBundle(bundle, chunk);
    expect(records.map((r) => (r.kind === 'text' ? [r.line, JSON.parse(r.text)] : [r.line, r.code]))).toEqual([
      [12, { resource: { resourceType: 'Patient', id: 'a', name: [{ family: 'Brace } [ "quote"' }] } }],
      [23, 'not-a-resource'],
      [24, { resource: { resourceType: 'Flag', id: 'b' } }],
    ]);
  });

  it('a file that is one JSON object but not a Bundle, or names entry before resourceType', () => {
    expect(scanBundle('{"resourceType":"Patient","id":"x"}', 4).map((r) => r.kind === 'problem' && r.code)).toEqual(['bundle-structure']);
    expect(scanBundle('{"entry":[{"resource":{}}],"resourceType":"Bundle"}', 4)).toEqual([{ kind: 'problem', line: 1, code: 'bundle-structure', reason: '"resourceType": "Bundle" must come before "entry"' }]);
  });
});

describe('recognising a file', () => {
  it('NDJSON by its first line or name, a Bundle by its start or name, binary and UTF-16 refused', () => {
    expect(recognise('x.txt', bytes('{"resourceType":"Patient"}\n{'))).toEqual({ format: 'ndjson', bomBytes: 0 });
    expect(recognise('Patient.ndjson', bytes('{\n  "resourceType": "Bundle"'))).toEqual({ format: 'ndjson', bomBytes: 0 });
    expect(recognise('export.txt', bytes('\uFEFF{\n  "resourceType": "Bundle",'))).toEqual({ format: 'bundle', bomBytes: 3 });
    expect(recognise('bundle.json', bytes('{\n  "entry": ['))).toEqual({ format: 'bundle', bomBytes: 0 });
    expect(recognise('a.json', new Uint8Array([0xff, 0xfe, 0x7b, 0x00]))).toMatchObject({ format: 'unreadable', problem: { code: 'utf16-file' } });
    expect(recognise('a.ndjson', new Uint8Array([0x7b, 0x00, 0x7d]))).toMatchObject({ format: 'unreadable', problem: { code: 'binary-file' } });
  });
});
