// Crashing the app on purpose and checking what survived: a seeded random source for kill
// moments (CRASH_SEED replays a run of the test), a Chromium with an on-disk profile whose real
// browser process the test can SIGKILL and start again on the same profile, a page crash
// through CDP, and the stored upload read with the raw IndexedDB API in the page.

import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config';
import { DATABASE_NAME } from '../../../src/db/database';

/** Mulberry32: a small seeded uniform [0, 1) source. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CRASH_SEED from the environment (to replay a run), else a new one. */
export function crashSeed(): number {
  const given = process.env['CRASH_SEED'];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`CRASH_SEED must be a whole number, got ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** PIDs of processes whose command line has `needle` (Linux /proc). */
function pidsWith(needle: string, filter: (args: string[]) => boolean = () => true): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let args: string[];
    try {
      // Chromium's children rewrite their command line as one space-separated string.
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      continue; // gone meanwhile
    }
    if (args.some((a) => a.includes(needle)) && filter(args)) found.push(Number(entry));
  }
  return found;
}

/** A Chromium on an on-disk profile (IndexedDB survives the browser), and its browser process. */
export interface OpenBrowser {
  readonly context: BrowserContext;
  /** The browser process (not a renderer or helper): the one the test kills. */
  readonly pid: number;
}

/**
 * Launches Chromium with the profile in `userDataDir` (Playwright's persistent context; the
 * browser tests' binary and flags). `context.browser()` is null for a persistent context, so
 * the browser process is found by its command line: the process given this profile directory
 * that is not a child (children carry `--type=`).
 */
export async function openBrowser(userDataDir: string, baseURL: string): Promise<OpenBrowser> {
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, baseURL });
  const browsers = pidsWith(`--user-data-dir=${userDataDir}`, (args) => !args.some((a) => a.startsWith('--type=')));
  if (browsers.length !== 1) throw new Error(`expected one browser process for ${userDataDir}, found ${browsers.length}`);
  return { context, pid: browsers[0] ?? 0 };
}

/**
 * SIGKILLs the browser process (no shutdown, no flush of anything it holds) and waits until it
 * and every process of its profile have gone, so the profile can be opened again.
 */
export async function killBrowser(browser: OpenBrowser, userDataDir: string): Promise<void> {
  const closed = new Promise<void>((resolve) => browser.context.once('close', () => resolve()));
  process.kill(browser.pid, 'SIGKILL');
  await closed;
  // Its children notice the browser has gone and exit; any still there after 5 s are ended too.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const left = pidsWith(`--user-data-dir=${userDataDir}`);
    if (left.length === 0) return;
    if (Date.now() > deadline) for (const pid of left) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Crashes the page's renderer (as a crashing tab): its worker goes with it. */
export async function crashPage(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash', { timeout: 10_000 });
  // Never answered: the session dies with the renderer. The page's crash event is the answer.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close({ runBeforeUnload: false }).catch(() => undefined);
}

export interface StoredMessage {
  readonly requestId: string;
  readonly runId: number;
  readonly seq: number;
  readonly nhsNumber: string;
  readonly state: string;
  readonly attempts: number;
  readonly failure: string | null;
}

export interface StoredRun {
  readonly id: number;
  readonly control: string;
  readonly total: number;
  readonly checkpoint: number;
  readonly counts: { checked: number; queued: number; notRequired: Record<string, number>; failed: Record<string, number> };
  readonly messages?: Record<string, number>;
}

export interface StoredUpload {
  readonly runs: StoredRun[];
  readonly outbox: StoredMessage[];
  readonly outcomes: { runId: number; seq: number; outcome: string; nhsNumber: string | null }[];
  readonly log: { id: number; level: string; text: string }[];
}

/** The upload as stored, read with the raw IndexedDB API in `page` (message bodies left out). */
export async function readUpload(page: Page): Promise<StoredUpload> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['runs', 'outbox', 'outcomes', 'log'], 'readonly');
    const all = (store: string): Promise<unknown[]> =>
      new Promise((resolve, reject) => {
        const r = tx.objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as unknown[]);
        r.onerror = () => reject(r.error);
      });
    const [runs, outbox, outcomes, log] = await Promise.all([all('runs'), all('outbox'), all('outcomes'), all('log')]);
    db.close();
    return {
      runs: runs as StoredRun[],
      outbox: (outbox as (StoredMessage & { attempts: unknown[] })[]).map((m) => ({ requestId: m.requestId, runId: m.runId, seq: m.seq, nhsNumber: m.nhsNumber, state: m.state, attempts: m.attempts.length, failure: m.failure })),
      outcomes: outcomes as StoredUpload['outcomes'],
      log: log as StoredUpload['log'],
    };
  }, DATABASE_NAME);
}

/** The run's counters agree with its stored rows: one row per checked patient, each seq once. */
export function expectCountersMatchRows(upload: StoredUpload, run: StoredRun): void {
  const messages = upload.outbox.filter((m) => m.runId === run.id);
  const outcomes = upload.outcomes.filter((o) => o.runId === run.id);
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  expect(messages.length, 'outbox rows = queued').toBe(run.counts.queued);
  expect(outcomes.filter((o) => o.outcome === 'not-required').length, 'not-required rows').toBe(sum(run.counts.notRequired));
  expect(outcomes.filter((o) => o.outcome === 'failed').length, 'failed rows').toBe(sum(run.counts.failed));
  expect(messages.length + outcomes.length, 'rows = checked').toBe(run.counts.checked);
  const seqs = [...messages.map((m) => m.seq), ...outcomes.map((o) => o.seq)];
  expect(new Set(seqs).size, 'each patient has one row').toBe(seqs.length);
  expect(seqs.every((s) => s <= run.checkpoint), 'no row above the checkpoint').toBe(true);
}
