// The loopback Spine's run-time behaviour: validation level, rate limit, consent, latency,
// injected faults and authentication. One shape for the CLI flags, createSpineServer options
// and the POST /_test/config endpoint; patches are checked here so every entry point rejects
// the same bad values with the same message.

import { isObject, type JsonObject } from './validation/bundleFacts';

export type ValidationMode = 'contract' | 'strict';

/**
 * Injected faults, each a probability per POST /Bundle (0..1, summed at most 1):
 *   500, 503 (HTML body) - before processing: nothing is stored
 *   504, hang, reset, malformed - after processing: the upload is stored and its real answer
 *     recorded, the client just does not get it; a retry with the same X-Request-ID does
 */
export const FAULT_KINDS = ['500', '503', '504', 'hang', 'reset', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SpineConfig {
  level: ValidationMode;
  /** POST /Bundle requests admitted per sliding 1-second window; 0 = unlimited. */
  rateLimitPerSecond: number;
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
  /** 400 when X-Request-ID is absent (the contract makes it optional; the app must send it). */
  requireRequestId: boolean;
  /** Larger bodies get 413 (bytes). */
  maxBodyBytes: number;
}

export type SpineConfigPatch = Partial<Omit<SpineConfig, 'latencyMs' | 'faults'>> & {
  latencyMs?: Partial<SpineConfig['latencyMs']>;
  faults?: Partial<SpineConfig['faults']>;
};

export const DEFAULT_CONFIG: SpineConfig = {
  level: 'strict',
  rateLimitPerSecond: 5, // the national limit: 5 TPS per application
  noConsentNhsNumbers: ['9111231130'], // the sandbox's "no consent" patient
  latencyMs: { min: 0, max: 0 },
  faults: { '500': 0, '503': 0, '504': 0, hang: 0, reset: 0, malformed: 0 },
  acceptAnyToken: false,
  tokenLifetimeSeconds: 599, // what NHS England's token endpoint issues
  clientId: null,
  requireRequestId: true,
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
  'level', 'rateLimitPerSecond', 'noConsentNhsNumbers', 'latencyMs', 'faults', 'acceptAnyToken',
  'tokenLifetimeSeconds', 'clientId', 'requireRequestId', 'maxBodyBytes',
];

/** Checks an untrusted patch (JSON from /_test/config) and returns it typed. */
export function parseConfigPatch(value: unknown): SpineConfigPatch {
  if (!isObject(value)) throw new ConfigError('configuration must be a JSON object');
  only(value, CONFIG_KEYS, 'configuration');
  const patch: SpineConfigPatch = {};
  if ('level' in value) {
    if (value['level'] !== 'contract' && value['level'] !== 'strict') throw new ConfigError('level must be "contract" or "strict"');
    patch.level = value['level'];
  }
  if ('rateLimitPerSecond' in value) patch.rateLimitPerSecond = number(value['rateLimitPerSecond'], 'rateLimitPerSecond', 0);
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
