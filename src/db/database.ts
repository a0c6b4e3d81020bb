// The practice database (IndexedDB through Dexie). One database per browser profile, shared by
// every tab and by the engine worker. Schema versions are append-only: never edit a released
// `version(n)`; add `version(n + 1)` with its upgrade and a test that starts from the old shape
// (test/unit/db/).

import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Practice } from '../domain/model/practice';
import type { ImportJoinedRow, ImportReportChunk, ImportStageRow, PatientChunk, PatientRange, StoredLatestImport } from './types';
import { upgradeToPatientChunks } from './upgradeV5';
import type { LogEntry, Setting } from './records';
import type { OutboxMessage, OutcomeRecord, RunRecord } from '../domain/model/runs';

export const DATABASE_NAME = 'scr-initial-upload';

export class ScrDatabase extends Dexie {
  practice!: EntityTable<Practice, 'key'>;
  /** The patients, PATIENTS_PER_CHUNK to a record: read and write them with ./patientStore.ts. */
  patientChunks!: EntityTable<PatientChunk, 'first'>;
  log!: EntityTable<LogEntry, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  runs!: EntityTable<RunRecord, 'id'>;
  outcomes!: Table<OutcomeRecord, [number, number]>;
  outbox!: EntityTable<OutboxMessage, 'requestId'>;
  patientRange!: EntityTable<PatientRange, 'key'>;
  importStage!: Table<ImportStageRow, [number, number]>;
  importReport!: EntityTable<ImportReportChunk, 'chunk'>;
  importLatest!: EntityTable<StoredLatestImport, 'key'>;
  importJoined!: Table<ImportJoinedRow, [number, number]>;

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
  // v4: replacing the practice data in one step (src/db/types.ts PatientRange). The current
  // patients are named by a seq range written with the practice row; an import stages its
  // resources and keeps its error report and summary. A database with a practice gets the range
  // of the patients it has (every stored patient was current: loads cleared the table first).
  (db) => {
    db.version(4)
      .stores({
        patientRange: 'key',
        importStage: '[bucket+part]',
        importReport: 'chunk',
        importLatest: 'key',
      })
      .upgrade(async (tx) => {
        if (!(await tx.table('practice').get('practice'))) return;
        const patients = tx.table('patients');
        const [first] = (await patients.orderBy(':id').limit(1).primaryKeys()) as number[];
        const [last] = (await patients.orderBy(':id').reverse().limit(1).primaryKeys()) as number[];
        await tx.table('patientRange').put({ key: 'current', firstSeq: first ?? 1, lastSeq: last ?? 0 });
      });
  },
  // v5: patients are stored in chunks of PATIENTS_PER_CHUNK (src/db/types.ts PatientChunk), not
  // one record each: IndexedDB's cost is per record written, and a 100,000-patient load spent
  // most of its time there. The NHS-number and record-id indexes become multi-entry indexes on
  // the chunk. An import parks its assembled patients in `importJoined` to write them in seq
  // order. The current patients move into chunks; stale rows (outside the range) are dropped.
  (db) => {
    db.version(5)
      .stores({
        patients: null,
        patientChunks: 'first, *nhsNumbers, *ids',
        importJoined: '[bin+part]',
      })
      .upgrade(upgradeToPatientChunks);
  },
];

function declareSchema(db: Dexie): void {
  for (const declare of SCHEMA_VERSIONS) declare(db);
}
