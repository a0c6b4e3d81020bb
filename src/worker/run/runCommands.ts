// Pause and Cancel Upload from any tab: a tab that does not hold the job asks on the peer channel,
// and the tab that holds it carries the command out and answers. Plain data (it crosses tabs).

import type { Result } from '../../shared/errors';

export interface RunCommand {
  readonly kind: 'pause' | 'stop';
}

export type RunCommandMessage =
  /** Asked by a tab that does not hold the job; only the holder answers. */
  | { readonly type: 'run-command'; readonly id: string; readonly command: RunCommand }
  /** The holder's answer to the command with the same id. */
  | { readonly type: 'run-command-result'; readonly id: string; readonly result: Result<null> };

/** How long a tab waits for the job holder's answer before saying that no tab runs the upload (ms). */
export const RUN_COMMAND_ANSWER_MS = 2_000;
