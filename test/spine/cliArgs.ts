// The loopback Spine's command-line flags (npm run spine -- --help): parsed into
// SpineServerOptions with the same value checks as POST /_test/config.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyConfigPatch, DEFAULT_CONFIG, FAULT_KINDS, parseConfigPatch, type FaultKind } from './config';
import { DEFAULT_PORT, type SpineServerOptions } from './server';

export const USAGE = `Usage: npm run spine -- [flags]

  --port N                 port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 = any free port)
  --level national|strict  validation level (default national: the service's own rules;
                           strict adds the schemas, strict FHIR R4 and XHTML)
  --cors live|open         live (default): CORS as the live gateway answers it, so a page on
                           another origin cannot upload; open: loopback origins (and --origin)
                           may send the app's headers and read the answers
  --origin URL             with --cors open, allow this browser origin too (repeatable);
                           http://127.0.0.1:* and http://localhost:* are always allowed
  --jwks FILE              register the public keys of this JWKS file (repeatable)
  --client-id ID           client assertions must have iss = sub = ID (default: any)
  --accept-any-token       POST /Bundle accepts any non-empty bearer token
  --token-lifetime S       access token lifetime in seconds (default ${DEFAULT_CONFIG.tokenLifetimeSeconds})
  --rate-limit N           the gateway's SpikeArrest: one request per 1000/N ms (default ${DEFAULT_CONFIG.rateLimitPerSecond}; 0 = off)
  --quota-per-minute N     the gateway's Quota per calendar minute (default ${DEFAULT_CONFIG.quotaPerMinute}; 0 = off)
  --retry-after            send Retry-After with the gateway's 429s (the live gateway sends none)
  --replay-request-ids     keep a replay record by X-Request-ID (the service keeps none)
  --no-consent LIST        comma-separated NHS numbers answered 403 (default ${DEFAULT_CONFIG.noConsentNhsNumbers.join(',')})
  --latency MS | MIN-MAX   added latency per upload, uniform, in ms (default 0)
  --fault-500 R            fault rates per upload, 0..1 (default 0 each):
  --fault-503 R              500 and 503 (HTML) strike before processing;
  --fault-504 R              504, hang, reset and malformed (502 with a truncated body)
  --fault-hang R             strike after the upload was stored
  --fault-reset R
  --fault-malformed R
  --require-request-id     refuse uploads without X-Request-ID (the service does not)
  --optional-request-id    accept uploads without X-Request-ID (the default)
  --max-body-bytes N       larger uploads get 413 (default ${DEFAULT_CONFIG.maxBodyBytes})
  --quiet                  do not log each request
  --help`;

export class UsageError extends Error {}

function numberFlag(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number, got "${value ?? ''}"`);
  return n;
}

function latencyFlag(value: string): { min: number; max: number } {
  const match = /^([0-9.]+)(?:-([0-9.]+))?$/.exec(value);
  if (match === null) throw new UsageError(`--latency needs MS or MIN-MAX in milliseconds, got "${value}"`);
  const min = numberFlag(match[1], '--latency');
  return { min, max: match[2] === undefined ? min : numberFlag(match[2], '--latency') };
}

export type CliOptions = SpineServerOptions & { quiet: boolean; help: boolean };

/** Throws UsageError, ConfigError, or parseArgs' own error for an unknown flag. */
export function parseCli(argv: string[]): CliOptions {
  const faultFlags = Object.fromEntries(FAULT_KINDS.map((kind) => [`fault-${kind}`, { type: 'string' as const }]));
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      level: { type: 'string' },
      cors: { type: 'string' },
      origin: { type: 'string', multiple: true },
      jwks: { type: 'string', multiple: true },
      'client-id': { type: 'string' },
      'accept-any-token': { type: 'boolean' },
      'token-lifetime': { type: 'string' },
      'rate-limit': { type: 'string' },
      'quota-per-minute': { type: 'string' },
      'retry-after': { type: 'boolean' },
      'replay-request-ids': { type: 'boolean' },
      'no-consent': { type: 'string' },
      latency: { type: 'string' },
      ...faultFlags,
      'optional-request-id': { type: 'boolean' },
      'require-request-id': { type: 'boolean' },
      'max-body-bytes': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const flag = (name: string): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };

  const patch: Record<string, unknown> = {};
  if (flag('level') !== undefined) patch['level'] = flag('level');
  if (flag('cors') !== undefined) patch['cors'] = flag('cors');
  if (flag('client-id') !== undefined) patch['clientId'] = flag('client-id');
  if (values['accept-any-token'] === true) patch['acceptAnyToken'] = true;
  if (flag('token-lifetime') !== undefined) patch['tokenLifetimeSeconds'] = numberFlag(flag('token-lifetime'), '--token-lifetime');
  if (flag('rate-limit') !== undefined) patch['rateLimitPerSecond'] = numberFlag(flag('rate-limit'), '--rate-limit');
  if (flag('quota-per-minute') !== undefined) patch['quotaPerMinute'] = numberFlag(flag('quota-per-minute'), '--quota-per-minute');
  if (values['retry-after'] === true) patch['retryAfter'] = true;
  if (values['replay-request-ids'] === true) patch['replayRequestIds'] = true;
  if (flag('no-consent') !== undefined) {
    patch['noConsentNhsNumbers'] = (flag('no-consent') ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
  }
  if (flag('latency') !== undefined) patch['latencyMs'] = latencyFlag(flag('latency') ?? '');
  const faults: Partial<Record<FaultKind, number>> = {};
  for (const kind of FAULT_KINDS) {
    const value = flag(`fault-${kind}`);
    if (value !== undefined) faults[kind] = numberFlag(value, `--fault-${kind}`);
  }
  if (Object.keys(faults).length > 0) patch['faults'] = faults;
  if (values['optional-request-id'] === true && values['require-request-id'] === true) {
    throw new UsageError('--optional-request-id and --require-request-id contradict each other');
  }
  if (values['optional-request-id'] === true) patch['requireRequestId'] = false;
  if (values['require-request-id'] === true) patch['requireRequestId'] = true;
  if (flag('max-body-bytes') !== undefined) patch['maxBodyBytes'] = numberFlag(flag('max-body-bytes'), '--max-body-bytes');

  // The same checks as POST /_test/config, so both refuse the same values.
  const config = parseConfigPatch(patch);
  applyConfigPatch(DEFAULT_CONFIG, config);

  const port = flag('port') === undefined ? DEFAULT_PORT : numberFlag(flag('port'), '--port');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${port}`);
  const jwks = (values.jwks ?? []).map((file) => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(`--jwks ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const origins = (values.origin ?? []).map((origin) => {
    if (!URL.canParse(origin)) throw new UsageError(`--origin needs a URL such as http://127.0.0.1:4173, got "${origin}"`);
    return new URL(origin).origin;
  });
  return { ...config, port, origins, jwks, quiet: values.quiet === true, help: values.help === true };
}
