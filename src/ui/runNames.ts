// Short display names of run kinds for screens and the status bar (the log uses the longer
// names in src/worker/run/completion.ts).

import type { RunKind } from '../domain/model/runs';

export const RUN_KIND_NAMES_UI: Readonly<Record<RunKind, string>> = {
  run: 'Initial upload',
  rerun: 'Rerun',
  failed: 'Reprocessing failed patients',
};
