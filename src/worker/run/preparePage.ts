// Checks and prepares the records for one page of patients. Pure: the ids and the time come in
// through `ctx`, so tests can reproduce a page exactly. The caller writes the result in one
// transaction together with the advanced checkpoint. A qualifying patient's message is queued
// with its ids and timestamp fixed; its body is built when it is first sent (domain/model/runs.ts).

import type { LogEntry } from '../../db/records';
import type { OutboxMessage, OutcomeRecord, RunCounts } from '../../domain/model/runs';
import type { Patient, Practice } from '../../domain/model/practice';
import { checkEligibility, eligibilityLabel } from '../../domain/eligibility';
import { emptyCounts } from './counts';

export interface PageContext {
  readonly runId: number;
  readonly runDate: string;
  readonly practice: Pick<Practice, 'name' | 'odsCode'>;
  /** ISO instant used as the messages' timestamp and the records' time. */
  readonly now: string;
  readonly uuid: () => string;
  /** NHS number → the event id of that patient's latest acknowledged summary (replacedEvents.ts). */
  readonly replaces?: ReadonlyMap<string, string>;
}

export interface PreparedPage {
  readonly outbox: OutboxMessage[];
  readonly outcomes: OutcomeRecord[];
  /** One line per failed patient: the NHS number and the reason, no clinical detail. */
  readonly log: LogEntry[];
  readonly counts: RunCounts;
  /** The seq of the last patient in the page: the checkpoint after it is committed. */
  readonly lastSeq: number;
}

type MutableCounts = { checked: number; queued: number; notRequired: Record<string, number>; failed: Record<string, number> };

export function preparePage(patients: readonly Patient[], ctx: PageContext): PreparedPage {
  const outbox: OutboxMessage[] = [];
  const outcomes: OutcomeRecord[] = [];
  const log: LogEntry[] = [];
  const counts = emptyCounts() as MutableCounts;
  let lastSeq = 0;
  for (const patient of patients) {
    lastSeq = patient.seq;
    counts.checked++;
    const result = checkEligibility(patient);
    if (result.outcome === 'qualifies') {
      // Upper case, as the Spine files them (summary/ids.ts): the stored ids, the message and a
      // later PSIS-30134 or relatesTo all spell the event id the same way.
      const bundleId = ctx.uuid().toUpperCase();
      const compositionId = ctx.uuid().toUpperCase();
      outbox.push({
        requestId: ctx.uuid(),
        runId: ctx.runId,
        seq: patient.seq,
        // checkEligibility guarantees a valid number for a qualifying patient.
        nhsNumber: patient.nhsNumber ?? '',
        bundleId,
        compositionId,
        body: null,
        queuedAt: ctx.now,
        state: 'queued',
        attempts: [],
        nextAttemptAt: 0,
        failure: null,
        failureCode: null,
        retryBase: 0,
        replacesEventId: ctx.replaces?.get(patient.nhsNumber ?? '') ?? null,
      });
      counts.queued++;
      continue;
    }
    outcomes.push({ runId: ctx.runId, seq: patient.seq, outcome: result.outcome, reason: result.reason, nhsNumber: patient.nhsNumber, at: ctx.now });
    if (result.outcome === 'failed') {
      counts.failed[result.reason] = (counts.failed[result.reason] ?? 0) + 1;
      log.push({ at: ctx.now, level: 'warning', text: `Patient ${patient.nhsNumber ?? '(no NHS number)'} (record ${patient.id}): ${eligibilityLabel(result)}` });
    } else {
      counts.notRequired[result.reason] = (counts.notRequired[result.reason] ?? 0) + 1;
    }
  }
  return { outbox, outcomes, log, counts: counts as RunCounts, lastSeq };
}
