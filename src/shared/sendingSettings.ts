// How the upload is sent: the in-browser training Spine (the default) or a Spine endpoint over
// HTTP. Stored in the settings table under SENDING_SETTINGS_KEY, except secrets: a bearer token
// is kept in the worker's memory (and the tab's session) unless the user asks to remember it,
// and the signing key is a non-extractable CryptoKey stored on its own.

export const SENDING_SETTINGS_KEY = 'sending';

export type TrainingSpeed = 'realistic' | 'fast';

export interface TrainingSettings {
  readonly kind: 'training';
  /**
   * realistic: the national limit (5/s), latency up to 1.5 s, occasional 503/504 and 429s.
   * fast: 100 requests/s and little latency, so a demo practice completes in minutes.
   */
  readonly speed: TrainingSpeed;
}

export type SpineAuthSettings =
  /** A bearer token the user enters; stored only when `remember` is true. */
  | { readonly kind: 'bearer'; readonly remember: boolean }
  /**
   * Application-restricted: a JWT client assertion signed with the stored key (kid `keyId`),
   * exchanged at `tokenUrl` for access tokens, refreshed before they expire.
   */
  | {
      readonly kind: 'signed-jwt';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly keyId: string;
      /**
       * The assertion's aud, when it is not tokenUrl: the platform's own token URL, for a
       * tokenUrl on the practice server that forwards to it (one origin, deploy/nginx/).
       */
      readonly audience?: string;
    };

export interface SpineSettings {
  readonly kind: 'spine';
  /** The FHIR base: messages go to `{baseUrl}/Bundle`. https, or http only on localhost. */
  readonly baseUrl: string;
  /**
   * NHSD-Session-URID (digits), sent on every request: the national service requires it. Null
   * only in settings stored by an earlier version; a run does not start until it is entered.
   */
  readonly sessionUrid: string | null;
  readonly auth: SpineAuthSettings;
  /** Requests per second (token bucket); > 0. */
  readonly ratePerSecond: number;
  /** Requests in flight at once; 1..50. */
  readonly concurrency: number;
  /** The retry schedule: the national API's recommended one, or the short training one. */
  readonly ladder: 'national' | 'training';
  /** Time limit for one request (ms). */
  readonly timeoutMs: number;
}

export type SendingSettings = TrainingSettings | SpineSettings;

export const DEFAULT_SENDING_SETTINGS: SendingSettings = { kind: 'training', speed: 'fast' };
