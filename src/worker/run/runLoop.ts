// The run loop: pages of patients in seq order after the checkpoint, each checked, built and
// committed in one transaction with the advanced checkpoint. The next page is read and prepared
// while the current one is being committed, so the worker's share of a page overlaps the
// database's; it is committed only after this one (and never if the loop stops first). Network
// I/O never happens here (transmission is separate).

import type { ScrDatabase } from '../../db/database';
import type { RunRecord } from '../../domain/model/runs';
import type { Practice } from '../../domain/model/practice';
import type { Clock } from '../ports';
import { preparePage, type PreparedPage } from './preparePage';
import { ReplacedEvents } from './replacedEvents';
import { commitPage, readScopePage, type CommitHooks } from './runStore';

/** Patients per checkpoint transaction: big enough to amortise a transaction, small enough that
 * a pause or stop takes effect well within a second. */
export const RUN_PAGE_SIZE = 500;

export type LoopEnd = { readonly kind: 'finished'; readonly run: RunRecord } | { readonly kind: 'interrupted'; readonly run: RunRecord };

export interface LoopControl {
  /** Asked before each page; true stops the loop at the checkpoint. */
  shouldStop(): boolean;
  onProgress(run: RunRecord): void;
}

export interface LoopDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly uuid: () => string;
  readonly practice: Pick<Practice, 'name' | 'odsCode'>;
  readonly pageSize?: number;
  /** Test seams to inject crashes between and inside pages. */
  readonly hooks?: CommitHooks & { readonly betweenPages?: (run: RunRecord) => void };
}

export async function runLoop(start: RunRecord, deps: LoopDeps, control: LoopControl): Promise<LoopEnd> {
  const { db, clock } = deps;
  const pageSize = deps.pageSize ?? RUN_PAGE_SIZE;
  if (start.id === undefined) throw new Error('runLoop needs a stored run');
  const runId = start.id;
  let run = start;
  const replaced = new ReplacedEvents(db, runId);
  /** The page after `afterSeq`, read and prepared; null when the scope has no more patients. */
  const prepareAfter = async (afterSeq: number): Promise<PreparedPage | null> => {
    const patients = await readScopePage(db, run, afterSeq, pageSize);
    if (patients.length === 0) return null;
    const replaces = await replaced.lookup(patients.map((p) => p.nhsNumber ?? ''));
    return preparePage(patients, { runId, runDate: run.runDate, practice: deps.practice, now: new Date(clock.now()).toISOString(), uuid: deps.uuid, replaces });
  };
  const ahead = (afterSeq: number): Promise<PreparedPage | null> => {
    const next = prepareAfter(afterSeq);
    // Handled here so a failure is never reported as unhandled while a commit is awaited; awaiting
    // `next` still throws it.
    next.catch(() => undefined);
    return next;
  };
  let next = ahead(run.checkpoint);
  for (;;) {
    if (control.shouldStop()) {
      await next.catch(() => undefined);
      return { kind: 'interrupted', run };
    }
    const began = clock.now();
    const page = await next;
    if (page === null) return { kind: 'finished', run };
    // Read and prepare ahead: the next page's read and build overlap this page's commit.
    next = ahead(page.lastSeq);
    try {
      run = await commitPage(db, runId, run.checkpoint, page, clock.now() - began, deps.hooks);
    } catch (e) {
      await next.catch(() => undefined);
      throw e;
    }
    control.onProgress(run);
    deps.hooks?.betweenPages?.(run);
  }
}
