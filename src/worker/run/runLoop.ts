// The run loop: pages of patients in seq order after the checkpoint, each checked, built and
// committed in one transaction with the advanced checkpoint. The next page is read while the
// current one is being committed. Network I/O never happens here (transmission is separate).

import type { ScrDatabase } from '../../db/database';
import type { RunRecord } from '../../domain/model/runs';
import type { Practice } from '../../domain/model/practice';
import type { Clock } from '../ports';
import { preparePage } from './preparePage';
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
  let next = readScopePage(db, run, run.checkpoint, pageSize);
  for (;;) {
    if (control.shouldStop()) {
      await next.catch(() => undefined);
      return { kind: 'interrupted', run };
    }
    const began = clock.now();
    const patients = await next;
    if (patients.length === 0) return { kind: 'finished', run };
    const last = patients[patients.length - 1];
    // Read ahead: the next page's read overlaps this page's build and commit.
    next = readScopePage(db, run, last ? last.seq : run.checkpoint, pageSize);
    const replaces = await replaced.lookup(patients.map((p) => p.nhsNumber ?? ''));
    const page = preparePage(patients, { runId, runDate: run.runDate, practice: deps.practice, now: new Date(clock.now()).toISOString(), uuid: deps.uuid, replaces });
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
