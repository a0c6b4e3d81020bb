// Builds the sender for one of the two ways of sending: the in-browser training Spine (fast
// retries, for demos and rehearsal) or a real Spine endpoint over HTTP (the national retry
// ladder and rate limit). The engine picks the mode from the practice's settings; everything
// else about the sender is the same.

import type { ScrDatabase } from '../../db/database';
import { NATIONAL_LADDER, TRAINING_LADDER } from '../../domain/sending/retryLadder';
import { NATIONAL_RATE_LIMIT, type RateLimit } from '../../domain/sending/tokenBucket';
import type { Clock } from '../ports';
import type { AuthProvider } from './auth';
import { HttpSpineTransport } from './httpTransport';
import type { OutboxCounts } from './outboxStore';
import { OutboxSender, type SenderStatus } from './sender';
import { realSleeper, type Sleeper } from './sleeper';
import { TrainingSpineTransport } from './trainingSpine';

export type SendingMode =
  | { readonly kind: 'training'; readonly random?: () => number }
  | {
      readonly kind: 'spine';
      /** The FHIR base; the sender posts to `{baseUrl}/Bundle`. */
      readonly baseUrl: string;
      readonly sessionUrid: string | null;
      readonly auth: AuthProvider;
      readonly rateLimit?: RateLimit;
      readonly timeoutMs?: number;
    };

export interface SenderEnvironment {
  readonly db: ScrDatabase;
  readonly clock: Clock;
  readonly sleeper?: Sleeper;
  readonly onChange?: (counts: OutboxCounts) => void;
  readonly onStatus?: (status: SenderStatus) => void;
}

export function createSender(mode: SendingMode, env: SenderEnvironment): OutboxSender {
  const sleeper = env.sleeper ?? realSleeper;
  const common = { db: env.db, clock: env.clock, sleeper, onChange: env.onChange, onStatus: env.onStatus };
  if (mode.kind === 'training') {
    const transport = new TrainingSpineTransport({ clock: env.clock, sleeper, random: mode.random ?? Math.random });
    return new OutboxSender({ ...common, transport, ladder: TRAINING_LADDER, rateLimit: NATIONAL_RATE_LIMIT });
  }
  const transport = new HttpSpineTransport({ baseUrl: mode.baseUrl, auth: mode.auth, sessionUrid: mode.sessionUrid, timeoutMs: mode.timeoutMs });
  return new OutboxSender({ ...common, transport, ladder: NATIONAL_LADDER, rateLimit: mode.rateLimit ?? NATIONAL_RATE_LIMIT });
}
