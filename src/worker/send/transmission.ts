// Transmission as the engine sees it: the one sender of this worker, built from the stored
// sending settings, with its credentials, the per-minute tally for the monitor's chart, and the
// run whose messages it counts (kept from the sender's moves between real counts: runTally.ts).
// The engine starts it while a run is running (holding the job lock) and stops it when the run
// pauses, stops or ends; settings changed meanwhile rebuild the sender between two requests
// (stop lets requests in flight finish and records them).

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import { NATIONAL_LADDER, TRAINING_LADDER } from '../../domain/sending/retryLadder';
import type { MinuteTally } from '../../shared/monitor';
import type { SendingSettings, SpineAuthSettings, TrainingSpeed } from '../../shared/sendingSettings';
import { EMPTY_OUTBOX_COUNTS, type OutboxCounts, type RunSending, type SenderStatus } from '../../shared/sendingStatus';
import type { Clock } from '../ports';
import { BearerTokenProvider, type AuthProvider, type AuthUnavailable } from './auth';
import { waitForToken } from './authRecovery';
import { SignedJwtAuthProvider } from './signedJwtAuth';
import { loadSigningKey } from './signingKey';
import { guardedFetch } from './connectGuard';
import { contactedOrigins } from '../../domain/settings/origins';
import { createSender, createTrainingSpine } from './createSender';
import { countRunByState } from './outboxStore';
import { RunTally } from './runTally';
import type { OutboxSender } from './sender';
import { realSleeper, type Sleeper } from './sleeper';
import type { TrainingSpineTransport } from './trainingSpine';

const MINUTE_MS = 60_000;
/** Shortest gap between two counts of the running run's messages (ms). */
const RUN_COUNTS_INTERVAL_MS = 1_000;
/** Minutes of history the chart keeps. */
export const TALLY_MINUTES = 30;

export interface TransmissionDeps {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly sleeper?: Sleeper;
  /** The run's sending changed (counts or status): the engine republishes its status. */
  readonly onChange: () => void;
  /** The network (tests inject one); the global fetch otherwise. Always used through guardedFetch. */
  readonly fetch?: typeof fetch;
  /** Training Spine randomness (tests make it deterministic). */
  readonly random?: () => number;
}

const IDLE_STATUS: SenderStatus = { running: false, holds: [], detail: null, refusal: null, inFlight: 0, throttledUntil: null, probeAt: null, nextAttemptAt: null };

export class Transmission {
  private settings: SendingSettings;
  private sender: OutboxSender | null = null;
  private senderStatus: SenderStatus = IDLE_STATUS;
  /** The run being sent and its counts, kept by the sender's moves between real counts (runTally.ts). */
  private tally: RunTally | null = null;
  private counts: OutboxCounts = EMPTY_OUTBOX_COUNTS;
  private online = true;
  private readonly bearer = new BearerTokenProvider(null);
  private readonly trainingSpines = new Map<TrainingSpeed, TrainingSpineTransport>();
  /** Finished attempts per minute (epoch ms of the minute's start), newest last. */
  private tallies: MinuteTally[] = [];
  /** The signed-JWT provider of the current sender, which can recover from an auth hold by itself. */
  private selfRenewing: SignedJwtAuthProvider | null = null;
  /** Aborts waiting for a new token (on stop or new settings). */
  private recovery: AbortController | null = null;

  constructor(
    private readonly deps: TransmissionDeps,
    settings: SendingSettings,
  ) {
    this.settings = settings;
  }

  currentSettings(): SendingSettings {
    return this.settings;
  }

  /** Replaces the settings; a running sender is rebuilt with them (nothing in flight is lost). */
  async configure(settings: SendingSettings): Promise<void> {
    this.settings = settings;
    if (this.sender === null) return;
    const running = this.senderStatus.running;
    await this.stop();
    this.sender = null;
    this.selfRenewing = null;
    if (running && this.tally !== null) await this.start(this.tally.runId);
  }

  /** A bearer token the user entered (or null to forget it); lifts a login hold. */
  setBearerToken(token: string | null): void {
    this.bearer.setToken(token ?? '');
    this.sender?.authRestored();
  }

  hasBearerToken(): Promise<boolean> {
    return this.bearer.token().then((t) => typeof t === 'string');
  }

  /** The held bearer token, for remembering it when the user asks to. */
  bearerToken(): Promise<string | null> {
    return this.bearer.token().then((t) => (typeof t === 'string' ? t : null));
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.sender?.setOnline(online);
  }

  /** Starts sending (building the sender if needed) and counting `runId`'s messages. */
  async start(runId: number): Promise<void> {
    if (this.tally?.runId !== runId) this.tally = new RunTally(runId, () => countRunByState(this.deps.db, runId), () => this.deps.clock.now());
    // Rows may have changed while nobody was sending (reprocessed, or another tab's run).
    this.tally.markStale();
    this.sender ??= await this.build();
    // start() first: it lifts an earlier error or endpoint hold, so the status reported next
    // (setOnline reports one) does not carry the stale hold that paused the run before.
    this.sender.start();
    this.sender.setOnline(this.online);
    await this.refreshCounts();
  }

  /** Stops sending; resolves once requests in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.recovery?.abort();
    this.recovery = null;
    if (this.sender !== null) await this.sender.stop();
    // What a stopped run shows and stores is counted, not tallied.
    if (this.tally !== null) this.counts = await this.tally.recount();
  }

  /** New messages were queued (or reprocessed): rows changed that the sender did not move. */
  wake(): void {
    this.tally?.markStale();
    this.sender?.wake();
  }

  /** The run's counts as last counted. */
  runCounts(): OutboxCounts {
    return this.counts;
  }

  /** The run's counts now: tallied while that can be trusted, counted when the run seems done (runTally.ts). */
  async refreshCounts(): Promise<OutboxCounts> {
    if (this.tally === null) return this.counts;
    this.counts = await this.tally.counts();
    return this.counts;
  }

  view(): RunSending {
    const s = this.settings;
    return {
      counts: this.counts,
      sender: this.senderStatus,
      training: s.kind === 'training',
      destination: s.kind === 'training' ? 'the training Spine in this browser; nothing leaves it' : safeHost(s.baseUrl),
    };
  }

  /** Sends, failures and retries per minute over the last TALLY_MINUTES minutes, oldest first. */
  minuteTallies(): MinuteTally[] {
    const from = Math.floor(this.deps.clock.now() / MINUTE_MS) * MINUTE_MS - (TALLY_MINUTES - 1) * MINUTE_MS;
    return this.tallies.filter((t) => t.minute >= from);
  }

  private record(states: readonly OutboxMessage['state'][], atMs: number): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    let last = this.tallies[this.tallies.length - 1];
    if (last === undefined || last.minute !== minute) {
      last = { minute, sent: 0, failed: 0, retried: 0 };
      this.tallies = [...this.tallies.filter((t) => t.minute > minute - TALLY_MINUTES * MINUTE_MS), last];
    }
    const next = { ...last };
    for (const state of states) {
      if (state === 'sent') next.sent++;
      else if (state === 'failed') next.failed++;
      else if (state === 'waiting') next.retried++;
    }
    this.tallies[this.tallies.length - 1] = next;
  }

  private trainingSpine(speed: TrainingSpeed): TrainingSpineTransport {
    let spine = this.trainingSpines.get(speed);
    if (spine === undefined) {
      spine = createTrainingSpine(speed, this.deps.clock, this.deps.sleeper ?? realSleeper, this.deps.random ?? Math.random);
      this.trainingSpines.set(speed, spine);
    }
    return spine;
  }

  private async build(): Promise<OutboxSender> {
    const { db, clock } = this.deps;
    const env = {
      db,
      clock,
      sleeper: this.deps.sleeper,
      count: () => (this.tally === null ? Promise.resolve(EMPTY_OUTBOX_COUNTS) : this.tally.counts()),
      onMoved: (moves: readonly OutboxMove[]) => this.tally?.apply(moves),
      onChange: (counts: OutboxCounts) => {
        this.counts = counts;
        this.deps.onChange();
      },
      onStatus: (status: SenderStatus) => {
        this.senderStatus = status;
        if (status.running && status.holds.includes('auth')) this.recoverAuth();
        this.deps.onChange();
      },
      onRecorded: (states: readonly OutboxMessage['state'][], atMs: number) => this.record(states, atMs),
      // Counting a run's messages is a pass over its index; once a second is plenty for the
      // status bar and the progress bar, and leaves the time to sending.
      countsIntervalMs: RUN_COUNTS_INTERVAL_MS,
    };
    const s = this.settings;
    if (s.kind === 'training') return createSender({ kind: 'training', speed: s.speed, spine: this.trainingSpine(s.speed) }, env);
    this.selfRenewing = null;
    const auth = s.auth.kind === 'bearer' ? this.bearer : await this.signedJwt(s.auth);
    return createSender(
      {
        kind: 'spine',
        baseUrl: s.baseUrl,
        sessionUrid: s.sessionUrid,
        auth,
        rateLimit: { perSecond: s.ratePerSecond, burst: 1 },
        concurrency: s.concurrency,
        ladder: s.ladder === 'national' ? NATIONAL_LADDER : TRAINING_LADDER,
        timeoutMs: s.timeoutMs,
        fetch: this.connect(),
      },
      env,
    );
  }

  /** Application-restricted: this computer's signing key, exchanged for tokens at the token URL. */
  private async signedJwt(auth: Extract<SpineAuthSettings, { kind: 'signed-jwt' }>): Promise<AuthProvider> {
    const key = await loadSigningKey(this.deps.db);
    if (key === null) return unavailable('there is no signing key on this computer: create one in Settings and register its public key');
    if (key.kid !== auth.keyId) return unavailable(`the key ID in Settings (${auth.keyId}) is not this computer's signing key (${key.kid})`);
    const provider = new SignedJwtAuthProvider({ tokenUrl: auth.tokenUrl, audience: auth.audience, clientId: auth.clientId, keyId: key.kid, privateKey: key.keyPair.privateKey, clock: this.deps.clock, fetch: this.connect() });
    this.selfRenewing = provider;
    return provider;
  }

  /** The only network the sender and the sign-in use: the settings' own origins. */
  private connect(): typeof fetch {
    return guardedFetch(contactedOrigins(this.settings), this.deps.fetch);
  }

  /** With a self-renewing provider nobody has to type anything: retry until it has a token. */
  private recoverAuth(): void {
    const provider = this.selfRenewing;
    if (provider === null || this.recovery !== null) return;
    const controller = new AbortController();
    this.recovery = controller;
    void waitForToken(provider, this.deps.clock, this.deps.sleeper ?? realSleeper, controller.signal).then((ok) => {
      if (this.recovery === controller) this.recovery = null;
      if (ok && !controller.signal.aborted) this.sender?.authRestored();
    });
  }
}

/** An auth provider that has no token to give, and says why. */
function unavailable(reason: string): AuthProvider {
  const answer: AuthUnavailable = { kind: 'auth-unavailable', reason };
  return { token: () => Promise.resolve(answer), rejected: () => undefined };
}

/** The host of a URL for the status bar; the text itself if it is not a URL. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
