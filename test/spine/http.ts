// Small node:http helpers for the loopback Spine: reading a body under a size limit, one
// header value, and sending a body with its content type.

import type { IncomingMessage, ServerResponse } from 'node:http';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The body, or null when it exceeded `limit` bytes (the rest is read and dropped so the client can finish sending). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** Reads and drops the body of a request refused before it was needed. */
export function discardBody(req: IncomingMessage): void {
  req.resume();
}

/** A request header's value (the first, when repeated), or null. */
export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The media type of Content-Type without parameters, lower case. */
export function mediaType(req: IncomingMessage): string {
  return (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers }).end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), JSON_TYPE, headers);
}
