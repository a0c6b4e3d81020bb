// A stream returned across the worker boundary is transferred, not copied: the page reads it
// while the worker writes it (Chromium's transferable streams).

import * as Comlink from 'comlink';

export function transferred(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return Comlink.transfer(stream, [stream]);
}
