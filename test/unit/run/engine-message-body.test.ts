// Queueing stores a message's ids and timestamp; its body is built when it is first sent, from
// the patient's record, and stored then (so every retry is byte-identical). What the monitor
// shows before sending is exactly what is then sent, and it meets the contract and strict R4.
// A message whose patient record is gone by then fails with that reason instead.

import { describe, expect, it } from 'vitest';
import { messageDetail } from '../../../src/worker/monitor/messageQueries';
import { validateContract, validateStrictR4 } from '../../support/fhirValidation';
import { allChecked, latest, loadDemo, makeEngine, settle, uniqueDbName, until } from './harness';
import { deleteStoredPatient } from '../db/storedPatients';

describe('message bodies', () => {
  it('are not stored when queued; built when first sent, identical to what the monitor showed, valid strict R4', async () => {
    const t = makeEngine(uniqueDbName('body-lazy'), { runPageSize: 50 });
    await loadDemo(t, 120);
    t.engine.setOnline(false);
    const done = settle(t);
    await t.engine.startRun('run');
    await until(() => allChecked(t));
    const queued = await t.db.outbox.toArray();
    expect(queued.length).toBeGreaterThan(50);
    expect(queued.every((m) => m.body === null && m.state === 'queued')).toBe(true);

    const shown = new Map<string, string | null>();
    for (const m of queued.slice(0, 5)) {
      const detail = await messageDetail(t.db, m.requestId);
      expect(detail?.bodyStored).toBe(false);
      shown.set(m.requestId, detail?.body ?? null);
    }

    t.engine.setOnline(true);
    await done;
    expect((await latest(t)).control).toBe('completed');
    for (const [requestId, body] of shown) {
      const stored = await t.db.outbox.get(requestId);
      expect(stored?.body).toBe(body);
      const bundle: unknown = JSON.parse(body ?? 'null');
      expect(validateContract(bundle)).toEqual([]);
      expect(validateStrictR4(bundle)).toEqual([]);
    }
    expect((await t.db.outbox.toArray()).every((m) => m.body !== null)).toBe(true);
  });

  it('a message whose patient record is gone when it is to be sent fails with that reason; the others are sent', async () => {
    const t = makeEngine(uniqueDbName('body-gone'), { runPageSize: 50 });
    await loadDemo(t, 120);
    t.engine.setOnline(false);
    let done = settle(t);
    await t.engine.startRun('run');
    await until(() => allChecked(t));
    t.engine.requestStop('pause');
    await done;
    const [victim] = await t.db.outbox.orderBy('[runId+seq]').limit(1).toArray();
    if (victim === undefined) throw new Error('no message queued');
    await deleteStoredPatient(t.db, victim.seq);

    t.engine.setOnline(true);
    done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    await done;
    expect((await latest(t)).control).toBe('completed');
    const gone = await t.db.outbox.get(victim.requestId);
    expect(gone).toMatchObject({ state: 'failed', failureCode: 'record-gone', body: null, attempts: [] });
    expect(gone?.failure).toMatch(/record is no longer stored/);
    const others = (await t.db.outbox.toArray()).filter((m) => m.requestId !== victim.requestId);
    expect(others.every((m) => m.body !== null && (m.state === 'sent' || m.state === 'failed'))).toBe(true);
  });
});
