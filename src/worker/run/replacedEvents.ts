// For a run after an earlier one (Rerun, Failed, or Run on new data after a delete): which of a
// page's patients already have a summary the Spine acknowledged, and its event id, so the new
// summary says it replaces that one (Composition.relatesTo). The latest acknowledged summary
// wins: runs are searched newest first, and a patient found in one is not looked for further.
// Reads only; the [runId+nhsNumber] index makes it one keyed lookup per patient per earlier run.

import type { ScrDatabase } from '../../db/database';
import { eventIdOf } from '../../domain/summary/ids';

export class ReplacedEvents {
  private earlierRunIds: Promise<number[]> | null = null;

  constructor(
    private readonly db: ScrDatabase,
    private readonly runId: number,
  ) {}

  /** NHS number → the event id (upper case) of that patient's latest acknowledged summary. */
  async lookup(nhsNumbers: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    // Earlier runs cannot appear while this one runs: read their ids once.
    this.earlierRunIds ??= this.db.runs.where(':id').below(this.runId).primaryKeys().then((ids) => (ids as number[]).sort((a, b) => b - a));
    const runIds = await this.earlierRunIds;
    let wanted = [...new Set(nhsNumbers.filter((n) => n !== ''))];
    for (const runId of runIds) {
      if (wanted.length === 0) break;
      const rows = await this.db.outbox.where('[runId+nhsNumber]').anyOf(wanted.map((n) => [runId, n])).toArray();
      // Within one run a patient has one message (Failed runs reprocess into new runs).
      for (const row of rows) if (row.state === 'sent' && !found.has(row.nhsNumber)) found.set(row.nhsNumber, eventIdOf(row.compositionId));
      wanted = wanted.filter((n) => !found.has(n));
    }
    return found;
  }
}
