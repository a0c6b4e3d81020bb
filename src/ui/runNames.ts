// Display names of run kinds (the same words the log uses).

import type { RunKind } from '../db/runRecords';

export const RUN_KIND_NAMES_UI: Readonly<Record<RunKind, string>> = {
  run: 'Initial upload',
  rerun: 'Rerun',
  failed: 'Reprocessing failed patients',
};
