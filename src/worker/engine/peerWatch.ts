// The peer watch: what this tab's engine hears from engines in other tabs and asks of them. It
// keeps the status of a job another tab runs (so this tab shows it), carries out Pause and Cancel
// Upload asked in another tab when the run goes here, asks the tab holding the job when they are
// asked here, and takes a run over from its checkpoint when the tab running it goes away.

import type { ScrDatabase } from '../../db/database';
import { fail, type Result } from '../../shared/errors';
import type { JobLocks, PeerChannel } from '../ports';
import { RUN_KIND_NAMES } from '../run/completion';
import { RUN_COMMAND_ANSWER_MS, type RunCommand } from '../run/runCommands';
import { runsWithControl } from '../run/runStore';
import type { JobHost } from './jobHost';
import { runGoing } from './jobMachine';
import type { RunController } from './runController';

export interface PeerWatchDeps {
  readonly host: JobHost;
  readonly db: ScrDatabase;
  readonly locks: JobLocks;
  readonly peers: PeerChannel;
  readonly controller: RunController;
  readonly uuid: () => string;
  /** How long Pause or Cancel Upload asked here waits for the job holder's answer (ms). */
  readonly answerMs?: number;
}

export class PeerWatch {
  /** A wait for the job lock is queued (one at a time). */
  private watching = false;
  /** Pause or Cancel Upload asked of the tab holding the job, waiting for its answer, by id. */
  private readonly pendingCommands = new Map<string, (result: Result<null>) => void>();

  constructor(private readonly deps: PeerWatchDeps) {
    const { host, peers, controller } = deps;
    peers.onMessage((message) => {
      if (message.type === 'run-command') {
        // Only the tab holding the job answers: it carries the command out.
        if (host.busy()) peers.post({ type: 'run-command-result', id: message.id, result: controller.stopHere(message.command.kind, { by: 'user' }) });
      } else if (message.type === 'run-command-result') {
        this.pendingCommands.get(message.id)?.(message.result);
      } else if (message.type === 'status') {
        if (host.busy()) return;
        // Said to the UI even when nothing changed here: it may have missed the start.
        if (!host.dispatch({ type: 'peer-status', status: message.status })) host.republish();
        const phase = message.status.job.phase;
        if (phase !== 'idle' && phase !== 'failed') this.watch();
      } else {
        if (message.type === 'messages-changed') controller.wakeSender();
        host.deps.hub.emit({ type: message.type });
      }
    });
  }

  /**
   * Pause or Cancel Upload by the user, from any tab: carried out here when the run goes here,
   * else asked of the tab holding the job; its answer, or `not-running` when no tab answers.
   */
  requestStop(kind: 'pause' | 'stop'): Promise<Result<null>> {
    if (this.deps.host.busy()) return Promise.resolve(this.deps.controller.stopHere(kind, { by: 'user' }));
    return this.askJobHolder({ kind });
  }

  /**
   * While another tab runs a job, wait in the lock's queue. Getting the lock means that tab
   * finished or went away (a closed tab releases its locks): forget its last status, and if it
   * left a run that is still meant to be running, take the run over from its checkpoint.
   */
  watch(why = 'another tab that was running it closed'): void {
    if (this.watching) return;
    this.watching = true;
    void this.deps.locks
      .waitAndRun(async () => {
        this.watching = false;
        await this.continueRunningRun(why);
      })
      .then(async () => {
        // Clear a stale status the other tab left behind (it may have closed mid-job), once the
        // lock is free again for a job here, and after what that tab posted before it let go
        // (its last status, the practice it changed), which is queued as tasks: the UI hears
        // of the change before this tab stops showing that tab's job.
        await new Promise((resolve) => setTimeout(resolve, 0));
        this.deps.host.dispatch({ type: 'peer-gone' });
      })
      .catch(() => {
        this.watching = false;
      });
  }

  /** With the lock held: continues the latest run if it is stored as running and not running here. */
  private async continueRunningRun(why: string): Promise<void> {
    const { db, host } = this.deps;
    const running = await runsWithControl(db, 'running');
    const current = running[running.length - 1];
    if (!current || runGoing(host.state)) return;
    await host.log('info', `${RUN_KIND_NAMES[current.kind]} resumed automatically (${why}), at ${current.counts.checked.toLocaleString('en-GB')} of ${current.total.toLocaleString('en-GB')} patients checked.`);
    await this.deps.controller.execute(current, true);
  }

  /** Sends a command to the tab holding the job and waits for its answer. */
  private askJobHolder(command: RunCommand): Promise<Result<null>> {
    const id = this.deps.uuid();
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer(fail('not-running', 'No tab is running the upload: there is nothing to pause or cancel.')), this.deps.answerMs ?? RUN_COMMAND_ANSWER_MS);
      const answer = (result: Result<null>): void => {
        clearTimeout(timer);
        this.pendingCommands.delete(id);
        resolve(result);
      };
      this.pendingCommands.set(id, answer);
      this.deps.peers.post({ type: 'run-command', id, command });
    });
  }
}
