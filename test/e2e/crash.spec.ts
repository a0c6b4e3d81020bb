// Crash tests: the app killed at random moments of an upload to the loopback Spine (strict
// validation, rate-limited), and reopened on the same browser profile, where it continues the
// run by itself. Three kinds of kill: the tab closed without unload handlers, the tab's renderer
// crashed (CDP Page.crash), and the browser process SIGKILLed (then started again on the same
// on-disk profile). The moments come from a seeded random source: the seed is printed, and
// CRASH_SEED=<seed> replays the same choices (the timing of the machine still varies).
//
// Two scenarios: 1,000 patients run to completion at the Spine's rate (their checking takes
// about a second and sending about two minutes, long enough for every kill to meet the run still
// going; at least half its kills must land while sending, the test asserts it: a wait before a
// kill shorter than the time a reopened app takes to check its next page would kill it again and
// again at the same checkpoint and never reach sending), and 10,000 patients killed
// again and again while they are checked and queued, then paused once all are checked (sending
// 8,000 at 8 a second is not waited for). After each: every qualifying patient has exactly one
// message; the Spine stored each sent patient exactly once and nothing it was not sent (and, for
// the completed run, exactly the sent ones); the run's counters equal its stored rows; the log
// is whole (ids increasing, the run's start line first, one "resumed automatically" line per
// kill, each failed patient's line once, the completion line last).
//
// Every planned kill must be made while the run is going (one that finds the run already
// completed fails the test), and the two scenarios plan 20 between them (MIN_KILLS_PER_RUN):
// each test asserts its own count, and the spec asserts the total once both have run, so it
// cannot pass with fewer kills than it prints.
//
// A kill's phase is what the store says at the moment of the kill, read from the line the app
// writes when it continues: "at X of Y patients checked" - X < Y: killed while preparing
// (checking and queueing), X = Y: while sending.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { SpineServer } from '../spine/server';
import { COMPLETED, expectLogWhole, readLog, RESUMED } from './support/crashLog';
import { crashPage, crashSeed, expectCountersMatchRows, killBrowser, openBrowser, readUpload, seededRandom, type OpenBrowser, type StoredUpload } from './support/crash';
import { loadDemoPractice } from './support/practice';
import { demoOutcomes, expect, fmt, test, TEST_SESSION_URID, tokenField, type DemoOutcomes } from './support/sending';

/** Requests per second: the Spine's limit and the app's setting (the app paces just under it). */
const RATE = 8;

type KillKind = 'tab closed' | 'tab crashed' | 'browser killed';
type Phase = 'preparing' | 'sending' | 'after completion';

/** Kills a whole run of this spec makes at least (the README's reliability table says 20). */
const MIN_KILLS_PER_RUN = 20;
const SMALL_KILLS: Readonly<Record<KillKind, number>> = { 'tab closed': 4, 'tab crashed': 3, 'browser killed': 5 };
const LARGE_KILLS: Readonly<Record<KillKind, number>> = { 'tab closed': 2, 'tab crashed': 3, 'browser killed': 3 };
const SCENARIO_COUNT = 2;

const planned = (kills: Readonly<Record<KillKind, number>>): number => Object.values(kills).reduce((a, b) => a + b, 0);
if (planned(SMALL_KILLS) + planned(LARGE_KILLS) < MIN_KILLS_PER_RUN) throw new Error(`the crash scenarios plan fewer than ${MIN_KILLS_PER_RUN} kills`);

const seed = crashSeed();
const tally = new Map<string, number>();
let lost = 0;
let duplicated = 0;
/** Scenarios that made every planned kill and passed their checks. */
let scenariosPassed = 0;

test.afterAll(() => {
  const parts = [...tally.entries()].sort().map(([k, n]) => `${k}: ${n}`);
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  // The one deliberate line of this spec: the figures for the reliability note.
  console.log(`crash test (CRASH_SEED=${seed}): ${total} kill points (${parts.join(', ')}); patients lost ${lost}, duplicated ${duplicated}`);
  // Both scenarios ran to the end: the run as a whole made its kills (a test run with --grep for one checks that one's count only).
  if (scenariosPassed === SCENARIO_COUNT) expect(total, `kills made in this run (at least ${MIN_KILLS_PER_RUN})`).toBeGreaterThanOrEqual(MIN_KILLS_PER_RUN);
});

/** The app in a browser on a profile that outlives it. */
interface Session {
  browser: OpenBrowser;
  page: Page;
}

async function openUpload(page: Page): Promise<void> {
  await page.goto('/#/upload');
}

/** In Settings: "A Spine over HTTP", an access token remembered on this computer (so a reopened browser has it), the short retry schedule. */
async function saveRememberedSpineSettings(page: Page, spine: SpineServer): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'A Spine over HTTP' }).check();
  await page.getByLabel('Base URL', { exact: true }).fill(spine.url);
  await page.getByLabel('NHSD-Session-URID', { exact: true }).fill(TEST_SESSION_URID);
  await page.getByRole('radio', { name: 'Access token', exact: true }).check();
  await tokenField(page).fill(spine.issueToken().access_token);
  await page.getByLabel('Remember this token on this computer').check();
  await page.getByLabel('Requests per second', { exact: true }).fill(String(RATE));
  await page.getByLabel('Time limit per request', { exact: true }).fill('10');
  await page.getByRole('radio', { name: 'Short' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-notice')).toHaveText(`Settings saved. Messages go to ${spine.url}/Bundle.`);
}

async function startRun(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, run' }).click();
  await expect(page.getByTestId('situation-running')).toBeVisible();
}

/** Kills the app the given way and opens it again on the same profile, at the Upload screen. */
async function killAndReopen(s: Session, kind: KillKind, profile: string, baseURL: string): Promise<void> {
  if (kind === 'browser killed') {
    await killBrowser(s.browser, profile);
    s.browser = await openBrowser(profile, baseURL);
    s.page = s.browser.context.pages()[0] ?? (await s.browser.context.newPage());
  } else {
    if (kind === 'tab closed') await s.page.close({ runBeforeUnload: false });
    else await crashPage(s.browser.context, s.page);
    s.page = await s.browser.context.newPage();
  }
  await openUpload(s.page);
}

/**
 * After a reopen: waits for the app to continue the run by itself (a new "resumed
 * automatically" line) or to show the run completed; returns the phase the kill met.
 */
async function phaseOfKill(page: Page, resumesBefore: number): Promise<{ phase: Phase; checked: number }> {
  let found: { phase: Phase; checked: number } | null = null;
  await expect
    .poll(
      async () => {
        const log = await readLog(page);
        const resumes = log.filter((l) => RESUMED.test(l));
        const line = resumes[resumesBefore];
        if (line !== undefined) {
          const m = RESUMED.exec(line);
          const checked = Number((m?.[2] ?? '').replace(/,/g, ''));
          const total = Number((m?.[3] ?? '').replace(/,/g, ''));
          expect(m?.[1]).toBe('the app was reopened while it was running');
          found = { phase: checked < total ? 'preparing' : 'sending', checked };
        } else if (log.some((l) => l.startsWith(COMPLETED))) found = { phase: 'after completion', checked: -1 };
        return found !== null;
      },
      { timeout: 30_000, intervals: [50] },
    )
    .toBe(true);
  if (found === null) throw new Error('unreachable');
  return found;
}

/** A seeded order of kill kinds: `counts` of each, shuffled. */
function killOrder(random: () => number, counts: Readonly<Record<KillKind, number>>): KillKind[] {
  const kinds = (Object.entries(counts) as [KillKind, number][]).flatMap(([k, n]) => Array.from({ length: n }, () => k));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as KillKind, kinds[i] as KillKind];
  }
  return kinds;
}

/**
 * Every patient checked: one message per qualifying patient, counters = rows; the Spine stored
 * each patient at most once, every message the app has as sent among them, and nothing it has
 * not queued. `completed`: the Spine stored exactly the sent messages. Adds what was lost or
 * duplicated to the totals before asserting.
 */
function expectNothingLostOrTwice(upload: StoredUpload, spine: SpineServer, demo: DemoOutcomes, completed: boolean): void {
  const run = upload.runs.at(-1);
  if (run === undefined) throw new Error('no run stored');
  expectCountersMatchRows(upload, run);
  const messages = upload.outbox.filter((m) => m.runId === run.id);
  const perPatient = new Map<string, number>();
  for (const m of messages) perPatient.set(m.nhsNumber, (perPatient.get(m.nhsNumber) ?? 0) + 1);
  const qualifying = demo.qualifying.map((p) => p.nhsNumber ?? '');
  const sent = messages.filter((m) => m.state === 'sent').map((m) => m.nhsNumber);
  const stored = spine.stats().storedNhsNumbers;
  const missing = qualifying.filter((n) => !perPatient.has(n)).concat(sent.filter((n) => stored[n] !== 1));
  const twice = [...perPatient.entries()].filter(([, n]) => n > 1).map(([nhs]) => nhs).concat(Object.entries(stored).filter(([, n]) => n > 1).map(([nhs]) => nhs));
  lost += missing.length;
  duplicated += twice.length;
  expect(missing, 'qualifying patients without their message, or sent and not stored by the Spine').toEqual([]);
  expect(twice, 'patients queued or stored more than once').toEqual([]);
  expect(messages.map((m) => m.nhsNumber).sort(), 'the queued patients are the qualifying ones').toEqual([...qualifying].sort());
  expect(messages.filter((m) => m.state === 'failed'), 'no message failed').toEqual([]);
  const unknown = Object.keys(stored).filter((n) => !perPatient.has(n));
  expect(unknown, 'stored by the Spine but never queued').toEqual([]);
  // Completed: exactly the sent ones. Paused: also any whose answer a kill cut off (stored, to be
  // resent with the same request id and answered from the Spine's record).
  if (completed) expect(Object.keys(stored).sort(), 'stored by the Spine = sent by the app').toEqual([...sent].sort());
}

interface Scenario {
  readonly size: number;
  readonly kills: Readonly<Record<KillKind, number>>;
  /** The random wait before each kill (ms), by the phase the run is in. */
  readonly waitMs: { readonly preparing: readonly [number, number]; readonly sending: readonly [number, number] };
  /** Run to completion at the end, or pause once every patient is checked. */
  readonly end: 'complete' | 'pause';
  /** Kills that must land while sending (the in-flight requests a kill cuts off are the point). */
  readonly minWhileSending: number;
}

async function runScenario(name: string, scenario: Scenario, random: () => number, spine: SpineServer, baseURL: string): Promise<void> {
  const demo = demoOutcomes(scenario.size);
  const profile = mkdtempSync(join(tmpdir(), 'scr-crash-profile-'));
  const first = await openBrowser(profile, baseURL);
  const s: Session = { browser: first, page: first.context.pages()[0] ?? (await first.context.newPage()) };
  try {
    await s.page.goto('/');
    await loadDemoPractice(s.page, scenario.size);
    await saveRememberedSpineSettings(s.page, spine);
    await startRun(s.page);

    // Kill, reopen, let it run a random while, kill again.
    let phase: Phase = 'preparing';
    const order = killOrder(random, scenario.kills);
    let kills = 0;
    let whileSending = 0;
    for (const kind of order) {
      const [lo, hi] = scenario.waitMs[phase === 'preparing' ? 'preparing' : 'sending'];
      await s.page.waitForTimeout(lo + (hi - lo) * random());
      await killAndReopen(s, kind, profile, baseURL);
      const found = await phaseOfKill(s.page, kills);
      // A kill after the run completed tests no resume: the scenario must be long enough for all of them.
      expect(found.phase, `kill ${kills + 1} of ${order.length} met the run still going`).not.toBe('after completion');
      kills++;
      phase = found.phase;
      if (phase === 'sending') whileSending++;
      const key = `${kind} while ${found.phase}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      test.info().annotations.push({ type: 'kill', description: `${name} #${kills}: ${key} (at ${fmt(found.checked)} checked, ${spine.stats().bundlesStored} stored)` });
    }

    expect(kills, 'kills made while the run was going').toBe(planned(scenario.kills));
    expect(whileSending, `kills made while sending (at least ${scenario.minWhileSending})`).toBeGreaterThanOrEqual(scenario.minWhileSending);

    const upload = async (): Promise<StoredUpload> => readUpload(s.page);
    if (scenario.end === 'complete') {
      const done = s.page.getByTestId('situation-completed');
      await expect(done).toContainText(COMPLETED, { timeout: 60_000 + (demo.qualifying.length / RATE) * 1000 });
      await expect(done.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
      await expect(done.getByTestId('stat-sending')).toHaveText('0');
      const stored = await upload();
      const run = stored.runs.at(-1);
      expect(run?.control).toBe('completed');
      expect(run?.messages).toEqual({ queued: 0, sending: 0, waiting: 0, sent: demo.qualifying.length, failed: 0 });
      expect(spine.stats().bundlesStored).toBe(demo.qualifying.length);
      expectNothingLostOrTwice(stored, spine, demo, true);
      expectLogWhole(stored, demo, kills, true);
    } else {
      // Every patient checked, then Pause: requests in flight finish and are recorded.
      await expect(s.page.getByTestId('status-bar')).toContainText(`all ${fmt(scenario.size)} patients checked`, { timeout: 60_000 });
      await s.page.getByRole('button', { name: 'Pause' }).click();
      await expect(s.page.getByTestId('situation-partially-completed')).toBeVisible();
      const stored = await upload();
      const run = stored.runs.at(-1);
      expect(run?.control).toBe('paused');
      expect(run?.counts.checked).toBe(scenario.size);
      expect(stored.outbox.filter((m) => m.state === 'sending'), 'nothing left half-sent').toEqual([]);
      expectNothingLostOrTwice(stored, spine, demo, false);
      expectLogWhole(stored, demo, kills, false);
    }
    scenariosPassed++;
  } finally {
    await s.browser.context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

test.describe('crash and reopen during an upload to the loopback Spine', () => {
  test('1,000 patients at the Spine’s rate: tabs closed and crashed and the browser killed at random moments of the run (mostly while sending); completes with each patient stored once', async ({ baseURL, startSpine }) => {
    test.setTimeout(540_000);
    test.info().annotations.push({ type: 'CRASH_SEED', description: String(seed) });
    const spine = await startSpine({ rateLimitPerSecond: RATE, quotaPerMinute: 0, cors: 'open', noConsentNhsNumbers: [] });
    await runScenario('1,000', { size: 1_000, kills: SMALL_KILLS, waitMs: { preparing: [200, 1_500], sending: [300, 2_500] }, end: 'complete', minWhileSending: Math.ceil(planned(SMALL_KILLS) / 2) }, seededRandom(seed), spine, baseURL ?? '');
  });

  test('10,000 patients: killed again and again while checking and queueing; each qualifying patient queued once, the Spine storing each sent one once', async ({ baseURL, startSpine }) => {
    test.setTimeout(360_000);
    const spine = await startSpine({ rateLimitPerSecond: RATE, quotaPerMinute: 0, cors: 'open', noConsentNhsNumbers: [] });
    await runScenario('10,000', { size: 10_000, kills: LARGE_KILLS, waitMs: { preparing: [100, 700], sending: [300, 1_500] }, end: 'pause', minWhileSending: 0 }, seededRandom(seed + 1), spine, baseURL ?? '');
  });
});
