// The loopback Spine's run-time behaviour: validation level, the gateway's limits and CORS,
// replay records, consent, latency, injected faults and authentication. One shape for the CLI
// flags, createSpineServer options and the POST /_test/config endpoint; patches are checked here
// so every entry point rejects the same bad values with the same message.

import { isObject, type JsonObject } from './validation/bundleFacts';

/**
 * national: the national service's own rules (src/domain/spine/), as its code applies them.
 * strict: national, then the OpenAPI schemas, strict FHIR R4 with required bindings, and XHTML.
 */
export const VALIDATION_MODES = ['national', 'strict'] as const;
export type ValidationMode = (typeof VALIDATION_MODES)[number];

/**
 * live: CORS as the live API gateway answers it (a preflight echoes the Origin and allows only
 * origin, x-requested-with, accept, content-type and nhsd-session-urid; real answers carry no
 * CORS headers), so a web page on another origin cannot send an upload with a bearer token.
 * open: any loopback origin (and those given with --origin) may send and read everything, for
 * tests and trying the app by hand across origins.
 */
export const CORS_MODES = ['live', 'open'] as const;
export type CorsMode = (typeof CORS_MODES)[number];

/**
 * Injected faults, each a probability per POST /Bundle (0..1, summed at most 1):
 *   500, 503 (HTML body) - before processing: nothing is stored
 *   504, hang, reset, malformed - after processing: the upload is stored, the client just does
 *     not get the answer; its retry then meets PSIS-30134 (or, with replayRequestIds, the
 *     recorded answer)
 */
export const FAULT_KINDS = ['500', '503', '504', 'hang', 'reset', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SpineConfig {
  level: ValidationMode;
  /**
   * The gateway's SpikeArrest rate: one POST /Bundle per 1000/rate ms as requests arrive (5 a
   * second: one per 200 ms; two closer together: 429); 0 = off.
   */
  rateLimitPerSecond: number;
  /** The gateway's Quota: POST /Bundle requests per calendar minute; 0 = off. */
  quotaPerMinute: number;
  /**
   * Send Retry-After with the gateway's 429s. The live gateway sends none (its SpikeArrest and
   * Quota faults go through the catch-all error, proxies/live/policies/
   * AssignMessage.CatchallErrorMessage.xml, which sets only the body): off by default, on for
   * tests of a client honouring one.
   */
  retryAfter: boolean;
  cors: CorsMode;
  /**
   * Keep a replay record by X-Request-ID (a retry gets the first answer). The national service
   * keeps none: off by default, when a resent upload meets PSIS-30134 instead.
   */
  replayRequestIds: boolean;
  /** Patients whose upload is refused with 403 (no consent on the Spine). */
  noConsentNhsNumbers: string[];
  /** Added to every POST /Bundle answer, uniform between min and max (ms). */
  latencyMs: { min: number; max: number };
  faults: Record<FaultKind, number>;
  /** POST /Bundle accepts any non-empty bearer token (for trying the app by hand). */
  acceptAnyToken: boolean;
  /** Lifetime of access tokens from the token endpoint (s). */
  tokenLifetimeSeconds: number;
  /** When set, client assertions must have iss = sub = this API key; otherwise any iss = sub. */
  clientId: string | null;
  /** 400 when X-Request-ID is absent: stricter than the service, for which it is optional. */
  requireRequestId: boolean;
  /** Larger bodies get 413 (bytes). */
  maxBodyBytes: number;
}

export type SpineConfigPatch = Partial<Omit<SpineConfig, 'latencyMs' | 'faults'>> & {
  latencyMs?: Partial<SpineConfig['latencyMs']>;
  faults?: Partial<SpineConfig['faults']>;
};

export const DEFAULT_CONFIG: SpineConfig = {
  level: 'national',
  rateLimitPerSecond: 5, // the gateway's SpikeArrest: 5ps per application
  quotaPerMinute: 300, // the gateway's Quota: 300 per calendar minute per application
  retryAfter: false, // the live gateway's 429s carry none
  cors: 'live',
  replayRequestIds: false,
  noConsentNhsNumbers: ['9111231130'], // the sandbox's "no consent" patient
  latencyMs: { min: 0, max: 0 },
  faults: { '500': 0, '503': 0, '504': 0, hang: 0, reset: 0, malformed: 0 },
  acceptAnyToken: false,
  tokenLifetimeSeconds: 599, // what NHS England's token endpoint issues
  clientId: null,
  requireRequestId: false,
  maxBodyBytes: 5 * 1024 * 1024,
};

export class ConfigError extends Error {}

function number(value: unknown, name: string, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min}${max === Number.POSITIVE_INFINITY ? '' : ` to ${max}`}`);
  }
  return value;
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(`${name} must be true or false`);
  return value;
}

function only(value: JsonObject, allowed: readonly string[], name: string): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new ConfigError(`${name}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
}

const CONFIG_KEYS: readonly (keyof SpineConfig)[] = [
  'level', 'rateLimitPerSecond', 'quotaPerMinute', 'retryAfter', 'cors', 'replayRequestIds', 'noConsentNhsNumbers', 'latencyMs', 'faults',
  'acceptAnyToken', 'tokenLifetimeSeconds', 'clientId', 'requireRequestId', 'maxBodyBytes',
];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new ConfigError(`${name} must be ${allowed.map((a) => `"${a}"`).join(' or ')}`);
  return found;
}

/** Checks an untrusted patch (JSON from /_test/config) and returns it typed. */
export function parseConfigPatch(value: unknown): SpineConfigPatch {
  if (!isObject(value)) throw new ConfigError('configuration must be a JSON object');
  only(value, CONFIG_KEYS, 'configuration');
  const patch: SpineConfigPatch = {};
  if ('level' in value) patch.level = oneOf(value['level'], VALIDATION_MODES, 'level');
  if ('rateLimitPerSecond' in value) patch.rateLimitPerSecond = number(value['rateLimitPerSecond'], 'rateLimitPerSecond', 0);
  if ('quotaPerMinute' in value) patch.quotaPerMinute = number(value['quotaPerMinute'], 'quotaPerMinute', 0);
  if ('retryAfter' in value) patch.retryAfter = boolean(value['retryAfter'], 'retryAfter');
  if ('cors' in value) patch.cors = oneOf(value['cors'], CORS_MODES, 'cors');
  if ('replayRequestIds' in value) patch.replayRequestIds = boolean(value['replayRequestIds'], 'replayRequestIds');
  if ('noConsentNhsNumbers' in value) {
    const list = value['noConsentNhsNumbers'];
    if (!Array.isArray(list) || !list.every((n): n is string => typeof n === 'string' && /^[0-9]{10}$/.test(n))) {
      throw new ConfigError('noConsentNhsNumbers must be a list of ten-digit strings');
    }
    patch.noConsentNhsNumbers = list;
  }
  if ('latencyMs' in value) {
    const latency = value['latencyMs'];
    if (!isObject(latency)) throw new ConfigError('latencyMs must be an object {min, max}');
    only(latency, ['min', 'max'], 'latencyMs');
    patch.latencyMs = {};
    if ('min' in latency) patch.latencyMs.min = number(latency['min'], 'latencyMs.min', 0);
    if ('max' in latency) patch.latencyMs.max = number(latency['max'], 'latencyMs.max', 0);
  }
  if ('faults' in value) {
    const faults = value['faults'];
    if (!isObject(faults)) throw new ConfigError(`faults must be an object with keys ${FAULT_KINDS.join(', ')}`);
    only(faults, FAULT_KINDS, 'faults');
    patch.faults = {};
    for (const kind of FAULT_KINDS) {
      if (kind in faults) patch.faults[kind] = number(faults[kind], `faults.${kind}`, 0, 1);
    }
  }
  if ('acceptAnyToken' in value) patch.acceptAnyToken = boolean(value['acceptAnyToken'], 'acceptAnyToken');
  if ('tokenLifetimeSeconds' in value) patch.tokenLifetimeSeconds = number(value['tokenLifetimeSeconds'], 'tokenLifetimeSeconds', 1);
  if ('clientId' in value) {
    const id = value['clientId'];
    if (id !== null && (typeof id !== 'string' || id === '')) throw new ConfigError('clientId must be a non-empty string or null');
    patch.clientId = id;
  }
  if ('requireRequestId' in value) patch.requireRequestId = boolean(value['requireRequestId'], 'requireRequestId');
  if ('maxBodyBytes' in value) patch.maxBodyBytes = number(value['maxBodyBytes'], 'maxBodyBytes', 1);
  return patch;
}

/** The configuration after a patch; throws ConfigError if the result is inconsistent. */
export function applyConfigPatch(base: SpineConfig, patch: SpineConfigPatch): SpineConfig {
  const next: SpineConfig = {
    ...base,
    ...patch,
    latencyMs: { ...base.latencyMs, ...patch.latencyMs },
    faults: { ...base.faults, ...patch.faults },
    noConsentNhsNumbers: [...(patch.noConsentNhsNumbers ?? base.noConsentNhsNumbers)],
  };
  if (next.latencyMs.min > next.latencyMs.max) throw new ConfigError('latencyMs.min must not exceed latencyMs.max');
  const total = FAULT_KINDS.reduce((sum, kind) => sum + next.faults[kind], 0);
  if (total > 1 + 1e-9) throw new ConfigError(`fault rates add up to ${total}, more than 1`);
  return next;
}
