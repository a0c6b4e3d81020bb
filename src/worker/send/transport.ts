// The one interface every way of delivering an upload implements: the national Spine over HTTP
// (httpTransport.ts) and the in-browser training Spine (trainingSpine.ts). The sender only knows
// this interface, so tests script it directly.
//
// Contract for implementations: `send` never throws and never rejects; everything that can go
// wrong comes back as a TransportResponse. It sends exactly what it is given: the body verbatim
// and the requestId as X-Request-ID (the same on every retry of one message).

import type { TransportResponse } from '../../domain/sending/transportResponse';

export type { ResponseHeaders, TransportResponse } from '../../domain/sending/transportResponse';

export interface OutgoingMessage {
  /** X-Request-ID: fixed when the message was queued, the server's de-duplication key. */
  readonly requestId: string;
  /** The Bundle as JSON text, exactly as stored. */
  readonly body: string;
  /** X-Correlation-ID: new for every attempt, for tracing one attempt in the server's logs. */
  readonly correlationId: string;
}

export interface Transport {
  /**
   * Resolves once a request could leave at once (an access token in hand); never rejects. The
   * sender awaits it BEFORE taking a rate-limit slot, so nothing slow (a token exchange) sits
   * between the slot and the wire: requests granted 200 ms apart that all waited for one token
   * would otherwise leave together. Optional: a transport with nothing to wait for omits it.
   */
  ready?(): Promise<void>;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<TransportResponse>;
}
