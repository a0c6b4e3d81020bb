// What the loopback Spine's endpoints share: its configuration and statistics (both replaced at
// run time, so read through functions), the gateway's state, the stores, and its clock. One
// server builds one context (server.ts) and hands it to each endpoint module.

import type { SpineConfig } from './config';
import type { DedupStore, RecordedAnswer } from './dedupStore';
import type { OperationOutcome } from './operationOutcome';
import type { GatewayLimiter } from '../../src/domain/spine/gatewayLimits';
import type { StatsRecorder } from './stats';
import type { TokenAuthority } from './tokens';
import type { UploadStore } from './uploadStore';
import type { r4ElementCatalogue } from './validation/r4Elements';

export const TOKEN_PATH = '/oauth2/token';

export interface SpineContext {
  config(): SpineConfig;
  stats(): StatsRecorder;
  readonly tokens: TokenAuthority;
  readonly limiter: GatewayLimiter;
  readonly uploads: UploadStore;
  readonly dedup: DedupStore;
  readonly catalogue: ReturnType<typeof r4ElementCatalogue>;
  /** The time (epoch ms) the gateway, the tokens, the statistics and stored uploads read. */
  readonly clock: () => number;
  /** Waits `ms` (the injected latency). */
  readonly sleep: (ms: number) => Promise<void>;
  /** {url}/oauth2/token: the `aud` a client assertion may carry, besides the Host it was sent to. */
  readonly tokenUrl: string;
  readonly log: ((line: string) => void) | undefined;
}

/** An answer as the endpoints build it: status, body, and its content type and headers when not FHIR's defaults. */
export type Answer = RecordedAnswer & { contentType?: string; headers?: Record<string, string> };

export function fhir(status: number, body: OperationOutcome, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify(body), ...(headers ? { headers } : {}) };
}
