// Stored records that are not practice data: the append-only log and key-value settings.

export type LogLevel = 'info' | 'warning' | 'error';

/** One line of the upload log. Never holds clinical detail: at most an NHS number and a reason. */
export interface LogEntry {
  /** Auto-incremented, so entries keep the order they were written in. */
  readonly id?: number;
  /** ISO instant. */
  readonly at: string;
  readonly level: LogLevel;
  readonly text: string;
}

export interface Setting {
  readonly key: string;
  readonly value: unknown;
}
