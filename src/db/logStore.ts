// The append-only upload log. Entries are only ever added; pages are read newest last.

import type { ScrDatabase } from './database';
import type { LogEntry, LogLevel } from './records';

export async function appendLog(db: ScrDatabase, at: Date, level: LogLevel, text: string): Promise<void> {
  await db.log.add({ at: at.toISOString(), level, text });
}

/** Entries with id greater than `afterId`, oldest first, at most `limit`. */
export async function readLog(db: ScrDatabase, afterId: number, limit: number): Promise<LogEntry[]> {
  return db.log.where('id').above(afterId).limit(limit).toArray();
}

/** The whole log as plain text, one line per entry, for download. */
export async function logAsText(db: ScrDatabase): Promise<string> {
  const lines: string[] = [];
  await db.log.each((e) => {
    lines.push(`${e.at}\t${e.level.toUpperCase()}\t${e.text}`);
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}
