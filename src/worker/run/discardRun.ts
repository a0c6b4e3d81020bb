// Discarding an unfinished run: it ends for good, in one transaction. Its unsent messages
// (waiting to send, cut off in flight, waiting to retry) are dropped and counted; what the Spine
// acknowledged (Sent) and what failed stay on record, with the outcome rows of the patients it
// checked, so its statistics, the message monitor and a later run's replacements
// (replacedEvents.ts: a summary replaces the patient's last acknowledged one) still see them.

import Dexie from 'dexie';
import type { ScrDatabase } from '../../db/database';
import { isUnfinished, type OutboxState, type RunRecord, type SendAttempt } from '../../domain/model/runs';
import type { OutboxCounts } from '../../shared/sendingStatus';
import { countRunByState } from '../send/outboxStore';

/** The states of a message not yet answered for good. */
const UNSENT: readonly OutboxState[] = ['queued', 'sending', 'waiting'];

/**
 * An attempt after which the Spine may hold the message: no answer came (a timeout, a network
 * error, the app closed), or a 5xx, which the Spine can give after storing.
 */
const answerMayBeLost = (a: SendAttempt): boolean => a.outcome !== 'held' && (a.status === null || a.status >= 500);

export interface DiscardFacts {
  /** The run as it was discarded (control `discarded`, with its DiscardRecord). */
  readonly run: RunRecord;
  /** Its messages after the drop: Sent and Failed only. */
  readonly messages: OutboxCounts;
}

/**
 * Discards run `runId` if it has not ended; null if it has (completed or discarded meanwhile).
 * `logText` words the log line from what was done; it is written in the same transaction.
 */
export async function discardRun(db: ScrDatabase, runId: number, at: string, logText: (facts: DiscardFacts) => string): Promise<DiscardFacts | null> {
  return db.transaction('rw', [db.runs, db.outbox, db.log], async () => {
    const run = await db.runs.get(runId);
    if (!isUnfinished(run)) return null;
    let dropped = 0;
    let mayBeOnSpine = 0;
    for (const state of UNSENT) {
      const rows = db.outbox.where('[runId+state+seq]').between([runId, state, Dexie.minKey], [runId, state, Dexie.maxKey]);
      await rows.each((row) => {
        dropped++;
        if (row.attempts.some(answerMayBeLost)) mayBeOnSpine++;
      });
      await rows.delete();
    }
    const messages = await countRunByState(db, runId);
    const discarded: RunRecord = { ...run, control: 'discarded', completedAt: null, messages, discarded: { at, dropped, mayBeOnSpine } };
    const { stoppedBy, ...kept } = discarded;
    void stoppedBy;
    await db.runs.put(kept);
    const facts: DiscardFacts = { run: kept, messages };
    await db.log.add({ at, level: 'warning', text: logText(facts) });
    return facts;
  });
}
