// Errors cross the worker boundary as plain data with a closed code, because Comlink drops
// custom error classes and the UI must decide what to show from the code, never from text.

export type EngineErrorCode =
  | 'busy' // another job is running (here or in another tab)
  | 'invalid-argument' // the request itself makes no sense; `message` says what and where
  | 'no-practice' // there is no practice data to work on
  | 'storage-quota' // IndexedDB refused a write for lack of space
  | 'database-closed' // another tab upgraded the database; this tab must reload
  | 'cancelled' // the user cancelled the job
  | 'already-completed' // Run refused: a run has completed; Rerun or Failed are offered
  | 'unfinished-run' // Run/Rerun refused: a run is unfinished; Resume is offered
  | 'nothing-to-resume' // Resume with no unfinished run
  | 'nothing-to-discard' // Discard with no unfinished run (none, or it ended meanwhile)
  | 'run-discarded' // the run was discarded: it never runs again (its failed messages are not reprocessed)
  | 'not-running' // Pause or Cancel Upload with no upload running in any tab (or no tab answered)
  | 'stop-under-way' // Pause or Cancel Upload while a stop is already under way; its cause stands
  | 'no-failed-patients' // Failed with nothing to reprocess
  | 'no-author' // nothing can be sent before the summary's author (practice, clinician) is complete in Settings
  | 'settings-incomplete' // the Spine settings lack something the service requires (NHSD-Session-URID)
  | 'worker-unresponsive' // set by the bridge: the worker did not answer in time
  | 'internal'; // anything unexpected; `message` carries the original text

export interface EngineError {
  readonly code: EngineErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EngineError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: EngineErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Maps anything thrown inside the worker (Dexie, DOMException, Error) to an EngineError. */
export function toEngineError(thrown: unknown): EngineError {
  const name = typeof thrown === 'object' && thrown !== null && 'name' in thrown ? String((thrown as { name: unknown }).name) : '';
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const inner = typeof thrown === 'object' && thrown !== null && 'inner' in thrown ? (thrown as { inner: unknown }).inner : null;
  const innerName = typeof inner === 'object' && inner !== null && 'name' in inner ? String((inner as { name: unknown }).name) : '';
  if (name === 'QuotaExceededError' || innerName === 'QuotaExceededError') return { code: 'storage-quota', message: 'The browser has no more storage space for this site.' };
  // VersionError: the closed connection tried to reopen at its older version after the upgrade.
  if (name === 'DatabaseClosedError' || name === 'VersionChangeError' || name === 'VersionError' || innerName === 'VersionError') return { code: 'database-closed', message: 'A newer version of the app changed the database. Reload this tab.' };
  return { code: 'internal', message: message || name || 'Unknown error' };
}
