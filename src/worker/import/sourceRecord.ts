// What reading one extract file yields, in file order: the text of one resource (an NDJSON line
// or a Bundle entry) with the line it starts on, or a problem with the file or a line.

import type { ImportProblemCode } from '../../shared/importTypes';

export type SourceRecord =
  | {
      readonly kind: 'text';
      /** 1-based line where the resource starts. */
      readonly line: number;
      readonly text: string;
      /** An NDJSON last line with no newline after it: if its JSON is incomplete it was cut short. */
      readonly lastWithoutNewline: boolean;
      /** A Bundle entry (`{"fullUrl":..., "resource": {...}}`), not a bare resource. */
      readonly entry: boolean;
    }
  | { readonly kind: 'problem'; readonly line: number | null; readonly code: ImportProblemCode; readonly reason: string };

export const mebibytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(bytes % 1_048_576 === 0 ? 0 : 1)} MiB`;
