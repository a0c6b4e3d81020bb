// The engine sending for real: a run against the loopback Spine over HTTP on 127.0.0.1 (strict
// validation), and against the training Spine. A run completes only when every message is
// acknowledged (201) or failed with a reason; Sent comes from acknowledgements; failed messages
// can be reprocessed with the same request ids; a 401 holds sending until a new token comes;
// settings that make no sense change nothing.

import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsFormValues } from '../../../src/domain/settings/formValues';
import { DEFAULT_SPINE_FORM_VALUES } from '../../../src/domain/settings/formValues';
import { SENDING_SETTINGS_KEY } from '../../../src/shared/sendingSettings';
import { REMEMBERED_TOKEN_KEY } from '../../../src/worker/send/sendingStore';
import { createSpineServer, type SpineServer } from '../../spine/server';
import { latest, loadDemo, makeEngine, qualifyingNhsNumbers, REAL_TIME, settle, uniqueDbName, until, type TestEngine } from './harness';

const spines: SpineServer[] = [];
afterEach(async () => {
  await Promise.all(spines.splice(0).map((s) => s.close()));
});

async function startSpine(options: Parameters<typeof createSpineServer>[0] = {}): Promise<SpineServer> {
  const spine = await createSpineServer({ port: 0, rateLimitPerSecond: 50, ...options });
  spines.push(spine);
  return spine;
}

function spineForm(spine: SpineServer, overrides: Partial<SettingsFormValues> = {}): SettingsFormValues {
  return { ...DEFAULT_SPINE_FORM_VALUES, baseUrl: spine.url, sessionUrid: '555254240100', authKind: 'bearer', bearerToken: spine.issueToken().access_token, ratePerSecond: '40', concurrency: '8', timeoutSeconds: '10', ladder: 'training', ...overrides };
}

async function logTexts(t: TestEngine): Promise<string[]> {
  return (await t.db.log.orderBy('id').toArray()).map((l) => l.text);
}

async function outboxStates(t: TestEngine): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const row of await t.db.outbox.toArray()) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return counts;
}

describe('sending as part of the run', () => {
  it('against the loopback Spine: completes only when every message is acknowledged; each patient stored exactly once; Sent from acknowledgements', async () => {
    const spine = await startSpine();
    const t = makeEngine(uniqueDbName('send-loopback'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 200);
    const saved = await t.engine.sendingSettings.save(spineForm(spine));
    expect(saved.ok).toBe(true);

    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    expect(await done).toBe('idle');

    const run = await latest(t);
    expect(run.control).toBe('completed');
    const rows = await t.db.outbox.toArray();
    expect(rows.length).toBe(run.counts.queued);
    expect(rows.every((r) => r.state === 'sent' && r.attempts.at(-1)?.status === 201)).toBe(true);
    // What the server received: every qualifying patient exactly once, nothing else.
    const stats = spine.stats();
    expect(stats.bundlesStored).toBe(run.counts.queued);
    for (const r of rows) expect(spine.bundles(r.nhsNumber)).toHaveLength(1);
    expect(await t.engine.runMessageCounts(run.id ?? 0)).toEqual({ queued: 0, sending: 0, waiting: 0, sent: run.counts.queued, failed: 0 });
    const completion = (await logTexts(t)).find((l) => l.startsWith('National Summary Initial Upload completed successfully'));
    expect(completion).toContain(`Sent: ${run.counts.queued.toLocaleString('en-GB')}; Sending: 0;`);
    // The token never reaches the log.
    const token = spineForm(spine).bearerToken;
    expect((await logTexts(t)).some((l) => l.includes(token))).toBe(false);
  }, 60_000);

  it('a refusal fails the message at once with its reason (403: no consent on Spine)', async () => {
    const spine = await startSpine();
    const t = makeEngine(uniqueDbName('send-refusal'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 120);
    expect((await t.engine.sendingSettings.save(spineForm(spine))).ok).toBe(true);
    const refused = (await qualifyingNhsNumbers(t)).slice(0, 3);
    spine.configure({ noConsentNhsNumbers: refused });
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    const failed = await t.db.outbox.where('state').equals('failed').toArray();
    expect(failed.map((r) => r.nhsNumber).sort()).toEqual([...refused].sort());
    expect(failed.every((r) => r.failureCode === 'no-consent' && r.attempts.length === 1 && r.failure?.startsWith('No consent on Spine (403)'))).toBe(true);
    expect((await logTexts(t)).find((l) => l.startsWith('National Summary Initial Upload completed'))).toContain('Failed on sending (see Messages): 3');
    for (const nhs of refused) expect(spine.bundles(nhs)).toHaveLength(0);

    // Consent recorded on the Spine meanwhile: Failed checks those patients again and sends new
    // messages (new request ids: the Spine would answer the old ones from its record).
    spine.configure({ noConsentNhsNumbers: [] });
    const again = settle(t);
    expect((await t.engine.startRun('failed')).ok).toBe(true);
    await again;
    const reprocess = await latest(t);
    expect(reprocess.kind).toBe('failed');
    expect(reprocess.control).toBe('completed');
    const eligibilityFailures = Object.values(run.counts.failed).reduce((a, b) => a + b, 0);
    expect(reprocess.total).toBe(eligibilityFailures + refused.length);
    expect(reprocess.counts.queued).toBe(refused.length);
    const resent = await t.db.outbox.where('[runId+seq]').between([reprocess.id ?? 0, 0], [reprocess.id ?? 0, Infinity]).toArray();
    expect(resent.map((r) => r.nhsNumber).sort()).toEqual([...refused].sort());
    expect(resent.every((r) => r.state === 'sent' && !failed.some((f) => f.requestId === r.requestId))).toBe(true);
    for (const nhs of refused) expect(spine.bundles(nhs)).toHaveLength(1);
  }, 60_000);

  it('messages that were never acknowledged fail after the last retry; Reprocess reopens the completed run and sends them with the same request ids', async () => {
    // Virtual time for the retry schedule against a real server: no rate limit to keep in step.
    const spine = await startSpine({ rateLimitPerSecond: 0, quotaPerMinute: 0, faults: { '503': 1 } });
    const t = makeEngine(uniqueDbName('send-reprocess'), { runPageSize: 50 });
    await loadDemo(t, 40);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { ratePerSecond: '100' }))).ok).toBe(true);
    let done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    const failed = await t.db.outbox.toArray();
    expect(failed.length).toBe(run.counts.queued);
    // The training ladder: the first attempt and five retries, all 503.
    expect(failed.every((r) => r.state === 'failed' && r.failureCode === 'gave-up' && r.attempts.length === 6 && r.attempts.every((a) => a.status === 503))).toBe(true);
    expect(spine.stats().bundlesStored).toBe(0);

    spine.configure({ faults: { '503': 0 } });
    done = settle(t);
    expect(await t.engine.reprocessMessages(run.id ?? 0, null)).toEqual({ ok: true, value: { count: failed.length } });
    await done;
    const after = await latest(t);
    expect(after.id).toBe(run.id);
    expect(after.control).toBe('completed');
    const resent = await t.db.outbox.bulkGet(failed.map((r) => r.requestId));
    expect(resent.every((r) => r?.state === 'sent' && r.attempts.length === 7 && r.attempts.at(-1)?.status === 201 && r.retryBase === 6)).toBe(true);
    for (const r of failed) expect(spine.bundles(r.nhsNumber)).toHaveLength(1);
    expect((await logTexts(t)).some((l) => l.startsWith(`Reprocessing ${failed.length} failed messages`))).toBe(true);
    // Nothing left to reprocess.
    const none = await t.engine.reprocessMessages(run.id ?? 0, null);
    expect(none.ok).toBe(false);
  }, 60_000);

  it('401: sending holds for a login, using up no attempts, and continues once a new token is given', async () => {
    const spine = await startSpine();
    const t = makeEngine(uniqueDbName('send-401'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 60);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { bearerToken: 'not-a-token-the-spine-issued' }))).ok).toBe(true);
    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(() => {
      const job = t.engine.status().job;
      return job.phase === 'running' && job.sending.sender.holds.includes('auth');
    });
    const job = t.engine.status().job;
    expect(job.phase === 'running' ? job.sending.sender.detail : null).toMatch(/401|token/i);
    expect((await t.db.outbox.toArray()).every((r) => r.attempts.length === 0 && r.state !== 'failed')).toBe(true);

    expect(t.engine.sendingSettings.setSessionToken(spine.issueToken().access_token).ok).toBe(true);
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    expect(await outboxStates(t)).toEqual({ sent: run.counts.queued });
    expect(spine.stats().bundlesStored).toBe(run.counts.queued);
  }, 60_000);

  it('application-restricted: this computer signs in with its own key, and a token that expires mid-run is renewed by itself', async () => {
    const spine = await startSpine({ latencyMs: { min: 20, max: 40 } });
    const t = makeEngine(uniqueDbName('send-signed-jwt'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 150);
    const key = await t.engine.sendingSettings.createSigningKey();
    if (!key.ok) throw new Error(key.error.message);
    spine.registerKey(key.value.jwk);
    const form = spineForm(spine, { authKind: 'signed-jwt', bearerToken: '', tokenUrl: spine.tokenUrl, clientId: 'practice-api-key', keyId: key.value.kid, ratePerSecond: '20' });
    expect((await t.engine.sendingSettings.save(form)).ok).toBe(true);

    const done = settle(t);
    expect((await t.engine.startRun('run')).ok).toBe(true);
    await until(async () => (await t.db.outbox.where('state').equals('sent').count()) >= 20);
    spine.expireTokens();
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    expect(await outboxStates(t)).toEqual({ sent: run.counts.queued });
    expect(spine.stats().bundlesStored).toBe(run.counts.queued);
    // The expired token was answered 401 at least once and a new one was fetched.
    const stats = spine.stats();
    expect(stats.byStatus['401'] ?? 0).toBeGreaterThan(0);
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(2);
    // A 401 uses up no attempt: no message records one.
    expect((await t.db.outbox.toArray()).every((r) => r.attempts.every((a) => a.status !== 401))).toBe(true);
  }, 60_000);

  it('pause while sending: requests in flight finish and are kept; Resume sends the rest; nothing is sent twice', async () => {
    const spine = await startSpine({ latencyMs: { min: 30, max: 60 } });
    const t = makeEngine(uniqueDbName('send-pause'), { time: REAL_TIME, runPageSize: 50 });
    await loadDemo(t, 150);
    expect((await t.engine.sendingSettings.save(spineForm(spine, { ratePerSecond: '20' }))).ok).toBe(true);
    let done = settle(t);
    await t.engine.startRun('run');
    await until(async () => (await t.db.outbox.where('state').equals('sent').count()) >= 10);
    expect(t.engine.requestStop('pause').ok).toBe(true);
    await done;
    const paused = await latest(t);
    expect(paused.control).toBe('paused');
    const states = await outboxStates(t);
    expect(states['sending'] ?? 0).toBe(0);
    expect(states['sent'] ?? 0).toBe(spine.stats().bundlesStored);
    expect((await logTexts(t)).some((l) => l.includes('paused by the user') && l.includes('messages sent'))).toBe(true);

    done = settle(t);
    expect((await t.engine.resume()).ok).toBe(true);
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    expect(spine.stats().bundlesStored).toBe(run.counts.queued);
    for (const r of await t.db.outbox.toArray()) expect(spine.bundles(r.nhsNumber)).toHaveLength(1);
  }, 60_000);

  it('the training Spine: a demo practice runs to completion, every message sent or failed with a reason', async () => {
    const t = makeEngine(uniqueDbName('send-training'), { runPageSize: 100 });
    await loadDemo(t, 400);
    const done = settle(t);
    await t.engine.startRun('run');
    await done;
    const run = await latest(t);
    expect(run.control).toBe('completed');
    const rows = await t.db.outbox.toArray();
    expect(rows.length).toBe(run.counts.queued);
    expect(rows.every((r) => r.state === 'sent' || (r.state === 'failed' && r.failure !== null && r.failureCode !== null))).toBe(true);
    const counts = await t.engine.runMessageCounts(run.id ?? 0);
    expect(counts.sent + counts.failed).toBe(run.counts.queued);
    expect(counts.sent).toBeGreaterThan(run.counts.queued * 0.9);
    expect(t.engine.sendsPerMinute().reduce((s, m) => s + m.sent, 0)).toBe(counts.sent);
  }, 60_000);
});

describe('sending settings', () => {
  it('settings that make no sense are refused field by field and nothing stored changes', async () => {
    const t = makeEngine(uniqueDbName('settings-bad'));
    const before = await t.db.settings.toArray();
    const result = await t.engine.sendingSettings.save({ ...DEFAULT_SPINE_FORM_VALUES, baseUrl: 'http://spine.example.org/FHIR', authKind: 'bearer', bearerToken: '', ratePerSecond: '0' });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['baseUrl', 'bearerToken', 'ratePerSecond']));
    expect(await t.db.settings.toArray()).toEqual(before);
    expect((await t.engine.sendingSettings.view()).settings).toEqual({ kind: 'training', speed: 'fast' });
  });

  it('a token is remembered only when asked; a session token is kept in memory only', async () => {
    const spine = await startSpine();
    const t = makeEngine(uniqueDbName('settings-token'));
    const form = spineForm(spine);
    expect((await t.engine.sendingSettings.save(form)).ok).toBe(true);
    expect(await t.db.settings.get(REMEMBERED_TOKEN_KEY)).toBeUndefined();
    expect((await t.engine.sendingSettings.view()).haveBearerToken).toBe(true);
    const stored = await t.db.settings.get(SENDING_SETTINGS_KEY);
    expect(JSON.stringify(stored)).not.toContain(form.bearerToken);

    // Remembering the held token needs no retyping.
    expect((await t.engine.sendingSettings.save({ ...form, bearerToken: '', rememberToken: true })).ok).toBe(true);
    expect((await t.db.settings.get(REMEMBERED_TOKEN_KEY))?.value).toBe(form.bearerToken);
    // A fresh worker (a reload) finds the remembered token by itself.
    const reopened = makeEngine(t.db.name);
    expect((await reopened.engine.sendingSettings.view()).haveBearerToken).toBe(true);
    // Back to training: the remembered token is forgotten.
    expect((await t.engine.sendingSettings.save({ ...form, mode: 'training', bearerToken: '' })).ok).toBe(true);
    expect(await t.db.settings.get(REMEMBERED_TOKEN_KEY)).toBeUndefined();
  });
});

