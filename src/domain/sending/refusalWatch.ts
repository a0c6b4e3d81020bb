// Which refusals are about one patient and which are about what this app sends, judged across
// answers in the order they arrive. Pure (no I/O, no clock of its own): the sender feeds it every
// verdict and records what it returns.
//
// Rules:
// - A refused-by-service verdict (a 400 naming no PSIS code, a 415; classify.ts) holds sending.
// - The same refusal (status and words) for REPEATED_REFUSAL_LIMIT different patients in a row
//   holds sending too: a refusal that would repeat for everyone. Until that is decided, a
//   refusal that could start or continue such a run is kept back (not yet recorded); the next
//   answer that says something about the message's content decides: an acknowledgement or another
//   refusal ends the run (the kept ones fail), the same words for one more patient extend it.
//   Transient answers, 401s and halts say nothing about the content and change nothing.
// - While held, an answer with the words of the hold is held too (requests already in flight).
// - 403 (no consent) is about the patient: it fails that message and ends a run.
// - A message held before that meets the same refusal again is refused for itself if anything
//   was acknowledged since it was held: it fails, and sending carries on. If nothing was, the
//   defect is still there: hold again. This keeps one patient's bad record from holding the
//   whole upload for ever, and a global defect from failing anyone.
//
// Held messages go back to waiting with the attempt in their history; nothing is failed.

import type { ServiceRefusal } from '../../shared/sendingStatus';
import type { SendVerdict } from './classify';

/** Different patients in a row with the same refusal before sending is held. */
export const REPEATED_REFUSAL_LIMIT = 3;

type FailedVerdict = Extract<SendVerdict, { kind: 'failed' }>;
type RefusedVerdict = Extract<SendVerdict, { kind: 'refused-by-service' }>;

/** A message's earlier held attempt: the reason it was held with, and when it was sent (epoch ms). */
export interface HeldBefore {
  readonly reason: string;
  readonly atMs: number;
}

export interface RefusalInput<T> {
  /** Whatever the caller needs to record the verdict (returned as given). */
  readonly ticket: T;
  readonly nhsNumber: string;
  readonly verdict: SendVerdict;
  readonly heldBefore: HeldBefore | null;
  /** When the answer came (epoch ms). */
  readonly answeredAtMs: number;
}

export interface Judged<T> {
  readonly ticket: T;
  readonly verdict: SendVerdict;
}

export interface RefusalDecision<T> {
  /** Verdicts to record now, in answer order: possibly none (kept back), possibly earlier ones too. */
  readonly record: readonly Judged<T>[];
  /** Set when this answer holds sending (or holds it again). */
  readonly hold: ServiceRefusal | null;
}

interface Kept<T> {
  readonly ticket: T;
  readonly nhsNumber: string;
  readonly verdict: FailedVerdict;
}

function held(verdict: FailedVerdict): RefusedVerdict {
  return { kind: 'refused-by-service', status: verdict.status, reason: verdict.reason, refusal: { rule: 'repeated', status: verdict.status, text: verdict.serviceText } };
}

function failedFor(verdict: RefusedVerdict): FailedVerdict {
  return { kind: 'failed', code: verdict.status === 400 ? 'rejected' : 'refused', status: verdict.status, reason: verdict.reason, serviceText: verdict.refusal.text };
}

/** A refusal that could be one of a run of the same refusal (not 403: that is about the patient). */
const mayRepeat = (verdict: SendVerdict): verdict is FailedVerdict => verdict.kind === 'failed' && verdict.code !== 'no-consent';

export class RefusalWatch<T> {
  /** Refusals kept back: the same words, from different patients, in a row (fewer than the limit). */
  private kept: Kept<T>[] = [];
  /** The reason of the hold in force, if any. */
  private holdReason: string | null = null;
  /** When something was last acknowledged (epoch ms). */
  private lastAcknowledgedMs: number | null = null;

  constructor(private readonly limit = REPEATED_REFUSAL_LIMIT) {
    if (!Number.isInteger(limit) || limit < 2) throw new RangeError('the limit must be a whole number from 2');
  }

  /** How many refusals are kept back, waiting for the next answer. */
  get keptBack(): number {
    return this.kept.length;
  }

  judge(input: RefusalInput<T>): RefusalDecision<T> {
    const { verdict } = input;
    const own: Judged<T> = { ticket: input.ticket, verdict };
    switch (verdict.kind) {
      case 'sent':
      case 'already-stored':
        this.lastAcknowledgedMs = Math.max(this.lastAcknowledgedMs ?? input.answeredAtMs, input.answeredAtMs);
        return { record: [...this.settle(), own], hold: null };
      case 'transient':
      case 'auth-expired':
      case 'halt':
        return { record: [own], hold: null };
      case 'refused-by-service':
        return this.refused(input, verdict);
      case 'failed':
        if (!mayRepeat(verdict)) return { record: [...this.settle(), own], hold: null };
        return this.failed(input, verdict);
    }
  }

  /** The kept-back refusals, failed: the run cannot grow (nothing else is in flight, or stopping). */
  settle(): Judged<T>[] {
    const settled = this.kept.map((k) => ({ ticket: k.ticket, verdict: k.verdict }));
    this.kept = [];
    return settled;
  }

  /** The hold was lifted (Resume, or new settings): the next refusal is judged afresh. */
  lifted(): void {
    this.holdReason = null;
  }

  private acknowledgedSince(heldBefore: HeldBefore | null): boolean {
    return heldBefore !== null && this.lastAcknowledgedMs !== null && this.lastAcknowledgedMs > heldBefore.atMs;
  }

  private refused(input: RefusalInput<T>, verdict: RefusedVerdict): RefusalDecision<T> {
    if (this.holdReason === verdict.reason) return { record: [{ ticket: input.ticket, verdict }], hold: null };
    if (input.heldBefore?.reason === verdict.reason && this.acknowledgedSince(input.heldBefore)) {
      return { record: [{ ticket: input.ticket, verdict: failedFor(verdict) }], hold: null };
    }
    this.holdReason = verdict.reason;
    return { record: [...this.settle(), { ticket: input.ticket, verdict }], hold: verdict.refusal };
  }

  private failed(input: RefusalInput<T>, verdict: FailedVerdict): RefusalDecision<T> {
    if (this.holdReason === verdict.reason) return { record: [{ ticket: input.ticket, verdict: held(verdict) }], hold: null };
    if (input.heldBefore?.reason === verdict.reason) {
      // Held once already for these words: for itself if the Spine accepted others since.
      if (this.acknowledgedSince(input.heldBefore)) return { record: [{ ticket: input.ticket, verdict }], hold: null };
      return this.holdRun([{ ticket: input.ticket, nhsNumber: input.nhsNumber, verdict }], verdict);
    }
    const first = this.kept[0];
    if (first === undefined || first.verdict.reason !== verdict.reason) {
      const settled = this.settle();
      this.kept = [{ ticket: input.ticket, nhsNumber: input.nhsNumber, verdict }];
      return { record: settled, hold: null };
    }
    this.kept.push({ ticket: input.ticket, nhsNumber: input.nhsNumber, verdict });
    const patients = new Set(this.kept.map((k) => k.nhsNumber)).size;
    if (patients < this.limit) return { record: [], hold: null };
    const run = this.kept;
    this.kept = [];
    return this.holdRun(run, verdict);
  }

  /** Holds sending for `verdict`'s words: `run` and any kept-back refusal with the same words go back. */
  private holdRun(run: readonly Kept<T>[], verdict: FailedVerdict): RefusalDecision<T> {
    const same = this.kept.filter((k) => k.verdict.reason === verdict.reason);
    const other = this.kept.filter((k) => k.verdict.reason !== verdict.reason);
    this.kept = [];
    this.holdReason = verdict.reason;
    const back: Judged<T>[] = [...same, ...run].map((k) => ({ ticket: k.ticket, verdict: held(k.verdict) }));
    const failed: Judged<T>[] = other.map((k) => ({ ticket: k.ticket, verdict: k.verdict }));
    return { record: [...failed, ...back], hold: held(verdict).refusal };
  }
}
