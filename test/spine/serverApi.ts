// The loopback Spine as its users see it: the options it starts with and the handle it returns
// (the CLI, the Vitest suites, Playwright set-up and the benchmarks use both through server.ts).

import type { SpineConfig, SpineConfigPatch } from './config';
import type { SpineStats } from './stats';
import type { TokenResponse } from './tokens';
import type { StoredUpload } from './uploadStore';

export interface SpineServerOptions extends SpineConfigPatch {
  /** TCP port on 127.0.0.1; 0 = any free port (tests). Default 4180. */
  port?: number;
  /** Origins allowed besides http://127.0.0.1:*, http://localhost:* and http://[::1]:*. */
  origins?: string[];
  /** JWKS documents ({ keys: [...] }) whose public keys are registered at start. */
  jwks?: unknown[];
  /** Receives one line per request (the CLI prints them). Silent when absent. */
  log?: (line: string) => void;
  /**
   * The time (epoch ms) the gateway's Quota and SpikeArrest, access tokens and client
   * assertions, the statistics and stored uploads read: tests move it instead of waiting.
   * Default Date.now.
   */
  clock?: () => number;
  /** Waits out the configured latency (ms). Default a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SpineServer {
  /** http://127.0.0.1:PORT, the FHIR base: POST {url}/Bundle. */
  url: string;
  port: number;
  bundleUrl: string;
  /** {url}/oauth2/token; also the `aud` a client assertion must carry. */
  tokenUrl: string;
  config(): SpineConfig;
  /** Changes behaviour at run time (as POST /_test/config); throws ConfigError on bad values. */
  configure(patch: SpineConfigPatch): SpineConfig;
  stats(): SpineStats;
  /** Stored uploads, all or one patient's, oldest first. */
  bundles(nhsNumber?: string): StoredUpload[];
  /** Registers a public JWK (with kid) for client assertions; returns the kid. */
  registerKey(jwk: unknown): string;
  /** Registers every key of a JWKS document ({ keys: [...] }); returns their kids. */
  registerKeySet(jwks: unknown): string[];
  /** Issues an access token without the JWT exchange (for tests that are not about authentication). */
  issueToken(): TokenResponse;
  /** Every token issued so far expires now. */
  expireTokens(): void;
  /** Forgets uploads, request ids, statistics and the gateway's counts; restores the start configuration. Keys and tokens stay. */
  reset(): void;
  close(): Promise<void>;
}
