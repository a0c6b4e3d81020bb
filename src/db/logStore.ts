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

/** One entry as a line of the downloaded log (without its line break). */
export function logLine(e: LogEntry): string {
  return `${e.at}\t${e.level.toUpperCase()}\t${e.text}`;
}

/** The whole log as plain text, one line per entry (the download streams it: worker/exports/logStream.ts). */
export async function logAsText(db: ScrDatabase): Promise<string> {
  const lines: string[] = [];
  await db.log.each((e) => {
    lines.push(logLine(e));
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}
