// Builds the sender for one of the two ways of sending: the in-browser training Spine (fast
// retries, for demos and rehearsal) or a real Spine endpoint over HTTP (the retry ladder, rate
// and window from the settings). The engine picks the mode from the practice's settings;
// everything else about the sender is the same.

import type { ScrDatabase } from '../../db/database';
import type { OutboxMessage } from '../../domain/model/runs';
import type { OutboxMove } from '../../domain/sending/outboxMoves';
import { NATIONAL_LADDER, TRAINING_LADDER, type RetryLadder } from '../../domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT, type RateLimit } from '../../domain/sending/tokenBucket';
import type { OutboxCounts } from '../../shared/sendingStatus';
import type { TrainingSpeed } from '../../shared/sendingSettings';
import type { Clock } from '../ports';
import type { AuthProvider } from './auth';
import { HttpSpineTransport } from './httpTransport';
import { DEFAULT_CONCURRENCY, OutboxSender, type SenderStatus } from './sender';
import { realSleeper, type Sleeper } from './sleeper';
import { TrainingSpineTransport, type TrainingSpineOptions } from './trainingSpine';

/** The training Spine and the pacing that goes with it, per speed. */
export const TRAINING_PRESETS: Readonly<Record<TrainingSpeed, { readonly spine: Omit<TrainingSpineOptions, 'clock' | 'sleeper' | 'random'>; readonly rateLimit: RateLimit; readonly concurrency: number }>> = {
  // As the national API: 5 requests a second, answers in up to 1.5 s, occasional 503 and 504.
  realistic: { spine: { ratePerSecond: 5, latencyMs: { min: 200, max: 1500 } }, rateLimit: NATIONAL_RATE_LIMIT, concurrency: DEFAULT_CONCURRENCY },
  // A demo practice of 10,000 patients is sent in under two minutes.
  fast: { spine: { ratePerSecond: 100, latencyMs: { min: 20, max: 120 } }, rateLimit: { perSecond: 100, burst: 1 }, concurrency: 10 },
};

export type SendingMode =
  | {
      readonly kind: 'training';
      readonly speed?: TrainingSpeed;
      readonly random?: () => number;
      /** Reuse this training Spine (it remembers what it stored); a new one otherwise. */
      readonly spine?: TrainingSpineTransport;
    }
  | {
      readonly kind: 'spine';
      /** The FHIR base; the sender posts to `{baseUrl}/Bundle`. */
      readonly baseUrl: string;
      readonly sessionUrid: string | null;
      readonly auth: AuthProvider;
      readonly rateLimit?: RateLimit;
      readonly concurrency?: number;
      readonly ladder?: RetryLadder;
      readonly timeoutMs?: number;
      /** The fetch the HTTP transport uses (the worker passes one guarded to the configured origins). */
      readonly fetch?: typeof fetch;
    };

export interface SenderEnvironment {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly sleeper?: Sleeper;
  readonly onChange?: (counts: OutboxCounts) => void;
  readonly onStatus?: (status: SenderStatus) => void;
  readonly count?: () => Promise<OutboxCounts>;
  readonly onRecorded?: (states: readonly OutboxMessage['state'][], atMs: number) => void;
  readonly onMoved?: (moves: readonly OutboxMove[]) => void;
  /** Shortest gap between two counts (ms); the sender's default when absent. */
  readonly countsIntervalMs?: number;
}

/** A training Spine for a speed (the engine keeps one per speed for the worker's life). */
export function createTrainingSpine(speed: TrainingSpeed, clock: Clock, sleeper: Sleeper = realSleeper, random: () => number = Math.random): TrainingSpineTransport {
  return new TrainingSpineTransport({ ...TRAINING_PRESETS[speed].spine, clock, sleeper, random });
}

export function createSender(mode: SendingMode, env: SenderEnvironment): OutboxSender {
  const sleeper = env.sleeper ?? realSleeper;
  const common = { db: env.db, clock: env.clock, sleeper, onChange: env.onChange, onStatus: env.onStatus, count: env.count, onRecorded: env.onRecorded, onMoved: env.onMoved, countsIntervalMs: env.countsIntervalMs };
  if (mode.kind === 'training') {
    const speed = mode.speed ?? 'realistic';
    const preset = TRAINING_PRESETS[speed];
    const transport = mode.spine ?? createTrainingSpine(speed, env.clock, sleeper, mode.random);
    return new OutboxSender({ ...common, transport, ladder: TRAINING_LADDER, rateLimit: preset.rateLimit, concurrency: preset.concurrency });
  }
  const transport = new HttpSpineTransport({ baseUrl: mode.baseUrl, auth: mode.auth, sessionUrid: mode.sessionUrid, timeoutMs: mode.timeoutMs, fetch: mode.fetch });
  return new OutboxSender({ ...common, transport, ladder: mode.ladder ?? NATIONAL_LADDER, rateLimit: mode.rateLimit ?? NATIONAL_RATE_LIMIT, concurrency: mode.concurrency });
}
