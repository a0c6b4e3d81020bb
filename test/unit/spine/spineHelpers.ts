// Helpers for the loopback Spine's own tests: start it on an ephemeral port, post uploads
// with the national API's headers, and read the reference examples (test/reference/).

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSpineServer, type SpineServer, type SpineServerOptions } from '../../spine/server';
import { scrFhirApiDir } from '../../spine/validation/referenceFiles';

export function startSpine(options: SpineServerOptions = {}): Promise<SpineServer> {
  return createSpineServer({ port: 0, ...options });
}

export function referenceText(path: string): string {
  return readFileSync(join(scrFhirApiDir(), path), 'utf8');
}

export function referenceJson(path: string): unknown {
  return JSON.parse(referenceText(path));
}

export interface PostOptions {
  /** Bearer token; a fresh one from the server unless given; null sends no Authorization. */
  token?: string | null;
  /** A new UUID unless given; null sends no X-Request-ID. */
  requestId?: string | null;
  headers?: Record<string, string>;
  /** Headers not to send at all (of the defaults below). */
  omitHeaders?: string[];
  signal?: AbortSignal;
}

export interface SpineReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

async function reply(response: Response): Promise<SpineReply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST {spine}/Bundle with the headers the app sends. `body`: a value to serialise, or raw text. */
export async function postBundle(spine: SpineServer, body: unknown, options: PostOptions = {}): Promise<SpineReply> {
  const token = options.token === undefined ? spine.issueToken().access_token : options.token;
  const requestId = options.requestId === undefined ? randomUUID() : options.requestId;
  const headers: Record<string, string> = {
    'Content-Type': 'application/fhir+json',
    'X-Correlation-ID': randomUUID(),
    'NHSD-Session-URID': '555254240100',
    ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    ...(requestId === null ? {} : { 'X-Request-ID': requestId }),
    ...options.headers,
  };
  for (const name of options.omitHeaders ?? []) delete headers[name];
  const response = await fetch(spine.bundleUrl, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return reply(response);
}

export async function getJson(url: string): Promise<SpineReply> {
  return reply(await fetch(url));
}

export async function postJson(url: string, value: unknown): Promise<SpineReply> {
  return reply(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) }));
}

/** The first issue's details.text of an OperationOutcome reply. */
export function issueText(r: SpineReply): string {
  const outcome = r.json as { issue?: { details?: { text?: string } }[] } | undefined;
  return outcome?.issue?.[0]?.details?.text ?? '';
}

export function issueCode(r: SpineReply): string {
  const outcome = r.json as { issue?: { code?: string }[] } | undefined;
  return outcome?.issue?.[0]?.code ?? '';
}
