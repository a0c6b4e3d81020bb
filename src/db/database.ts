// The practice database (IndexedDB through Dexie). One database per browser profile, shared by
// every tab and by the engine worker. Schema versions are append-only: never edit a released
// `version(n)`; add `version(n + 1)` with its upgrade and a test that starts from the old shape
// (test/unit/db/).

import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Patient, Practice } from './types';
import type { LogEntry, Setting } from './records';
import type { OutboxMessage, OutcomeRecord, RunRecord } from './runRecords';

export const DATABASE_NAME = 'scr-initial-upload';

export class ScrDatabase extends Dexie {
  practice!: EntityTable<Practice, 'key'>;
  patients!: EntityTable<Patient, 'seq'>;
  log!: EntityTable<LogEntry, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  runs!: EntityTable<RunRecord, 'id'>;
  outcomes!: Table<OutcomeRecord, [number, number]>;
  outbox!: EntityTable<OutboxMessage, 'requestId'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    declareSchema(this);
  }
}

/** Every schema version, oldest first. Exported so tests can open an old shape on purpose. */
export const SCHEMA_VERSIONS: readonly ((db: Dexie) => void)[] = [
  // v1: the practice, its patients (one record each, clinical items inside), the log, settings.
  (db) => {
    db.version(1).stores({
      practice: 'key',
      patients: 'seq, id, nhsNumber',
      log: '++id, at',
      settings: 'key',
    });
  },
  // v2: the upload. Runs carry their checkpoint; outcomes hold patients not queued; the outbox
  // holds built messages. Only new tables, so there is nothing to migrate.
  (db) => {
    db.version(2).stores({
      runs: '++id, control',
      outcomes: '[runId+seq], [runId+outcome+seq]',
      outbox: 'requestId, [runId+seq], state, [state+nextAttemptAt]',
    });
  },
  // v3: the message monitor pages a run's messages by state, finds them by NHS number and
  // filters failures by reason, so the outbox gets those indexes. Rows gain `failureCode`
  // (null for a message that has not failed; IndexedDB leaves null out of the index) and
  // `retryBase` (attempts before the last reprocessing; 0 for every v2 row).
  (db) => {
    db.version(3)
      .stores({
        outbox: 'requestId, [runId+seq], state, [state+nextAttemptAt], [runId+state+seq], [runId+nhsNumber], [runId+failureCode+seq]',
      })
      .upgrade((tx) =>
        tx
          .table('outbox')
          .toCollection()
          .modify((row: { state: string; failureCode?: string | null; retryBase?: number }) => {
            // v2 could only have failed a message by a refusal it had no code for.
            if (row.failureCode === undefined) row.failureCode = row.state === 'failed' ? 'refused' : null;
            row.retryBase ??= 0;
          }),
      );
  },
];

function declareSchema(db: Dexie): void {
  for (const declare of SCHEMA_VERSIONS) declare(db);
}
