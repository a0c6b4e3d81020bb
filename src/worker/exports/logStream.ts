// The log download: the whole append-only log as text, one line per entry, streamed a page of
// entries at a time by id (a log of a 100,000-patient practice runs to hundreds of thousands of
// lines). Entries appended during the download are included up to the moment it reaches the end.

import type { ScrDatabase } from '../../db/database';
import { logLine } from '../../db/logStore';
import { pagedTextStream } from './pagedTextStream';

/** Entries per page (each page is one short read). */
export const LOG_DOWNLOAD_PAGE = 2_000;

export function logTextStream(db: ScrDatabase, pageSize = LOG_DOWNLOAD_PAGE): ReadableStream<Uint8Array> {
  return pagedTextStream<number>('', async (afterId) => {
    const entries = await db.log.where('id').above(afterId ?? 0).limit(pageSize).toArray();
    const last = entries[entries.length - 1];
    if (last?.id === undefined) return null;
    return { text: entries.map((e) => logLine(e) + '\n').join(''), last: last.id };
  });
}
